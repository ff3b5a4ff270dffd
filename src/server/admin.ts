// npm run admin -- add-user <name> --role admin|planner|reviewer --password-stdin
// npm run admin -- add-member <project> <name> --role planner|reviewer
// npm run admin -- list-users
// Works on the store `npm start` uses (PARKATLAS_DATA or DATABASE_URL). The embedded store
// belongs to one process at a time, so with it this refuses while the server runs.
import { parseArgs } from 'node:util';
import type { ProjectRole, Role } from '../api/types';
import { databaseFolder, dataDir, DataFolderBusyError, lockDataFolder } from './dataFolder';
import { addMember, createUser, DuplicateUserError, findUser } from './store/accounts';
import { getProject, migrate, openDb } from './store';

const USAGE = `usage:
  npm run admin -- add-user <name> --role admin|planner|reviewer --password-stdin   (the password on standard input)
  npm run admin -- add-member <project> <name> --role planner|reviewer
  npm run admin -- list-users`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { role: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } } });
  const [command, ...args] = positionals;
  if (!['add-user', 'add-member', 'list-users'].includes(command ?? '')) {
    console.error(USAGE);
    return 2;
  }
  const databaseUrl = process.env.DATABASE_URL;
  const folder = dataDir();
  const release = databaseUrl ? () => undefined : lockDataFolder(folder);
  const db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: databaseFolder(folder) });
  try {
    await migrate(db);
    if (command === 'list-users') {
      for (const u of await db.query<{ username: string; role: string }>('SELECT username, role FROM users ORDER BY username')) console.log(`${u.username}\t${u.role}`);
      return 0;
    }
    if (command === 'add-user') {
      const [name] = args;
      const role = values.role as Role | undefined;
      if (!name || !role || !['admin', 'planner', 'reviewer'].includes(role) || !values['password-stdin']) {
        console.error(USAGE);
        return 2;
      }
      const password = await readStdin();
      if (password.length < 8) {
        console.error('error: the password must have at least 8 characters');
        return 1;
      }
      await createUser(db, { username: name, password, role });
      console.log(`added ${role} ${name}`);
      return 0;
    }
    const [project, name] = args;
    const role = values.role as ProjectRole | undefined;
    if (!project || !name || (role !== 'planner' && role !== 'reviewer')) {
      console.error(USAGE);
      return 2;
    }
    const user = await findUser(db, name);
    if (!user) throw new Error(`no user ${name}: add it with add-user first`);
    if (!(await getProject(db, project))) throw new Error(`no project ${project}`);
    await addMember(db, { projectId: project, userId: user.id, role });
    console.log(`${name} is now ${role} of ${project}`);
    return 0;
  } finally {
    await db.close();
    release();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof DataFolderBusyError || e instanceof DuplicateUserError || e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
