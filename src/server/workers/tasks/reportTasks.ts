// Heavy reads: reports and exports computed over the project's rows (see ../pool.ts).
export const REPORT_TASKS = {};
