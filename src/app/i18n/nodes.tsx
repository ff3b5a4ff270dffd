// `interpolate` for React: a message whose {placeholders} become elements, so a
// translated sentence can hold styled figures and still read as one sentence.
import { Fragment, type ReactNode } from 'react';

export function interpolateNodes(template: string, params: Readonly<Record<string, ReactNode>>): ReactNode[] {
  return template.split(/(\{\w+\})/).map((part, i) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return <Fragment key={i}>{name !== undefined && Object.hasOwn(params, name) ? params[name] : part}</Fragment>;
  });
}
