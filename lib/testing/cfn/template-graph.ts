/**
 * The dependency graph of a CloudFormation template, as CloudFormation derives it: `DependsOn`
 * plus every `Ref`, `Fn::GetAtt` and `Fn::Sub` reference to another resource. Resources are
 * created and updated in that order, and deleted (and rolled back) in its reverse.
 */
import { CfnResourceJson } from '../../assembly/cloud-assembly';

export type Resources = Readonly<Record<string, CfnResourceJson>>;

/** The logical ids `logicalId` depends on, directly. */
export function dependenciesOf(resources: Resources, logicalId: string): Set<string> {
  const resource = resources[logicalId];
  const found = new Set<string>([resource.DependsOn ?? []].flat());
  collectReferences(resource.Properties, found);
  for (const id of [...found]) if (!(id in resources) || id === logicalId) found.delete(id);
  return found;
}

/** Every logical id in dependency order (a resource after all it depends on); ties keep template order. */
export function dependencyOrder(resources: Resources): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`circular dependency between resources: ${[...path, id].join(' -> ')}`);
    state.set(id, 'visiting');
    for (const dep of dependenciesOf(resources, id)) visit(dep, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of Object.keys(resources)) visit(id, []);
  return order;
}

function collectReferences(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, arg] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'Ref' && typeof arg === 'string' && !arg.startsWith('AWS::')) into.add(arg);
    else if (key === 'Fn::GetAtt') into.add(Array.isArray(arg) ? String(arg[0]) : String(arg).split('.')[0]);
    else if (key === 'Fn::Sub') {
      const template = Array.isArray(arg) ? String(arg[0]) : String(arg);
      for (const m of template.matchAll(/\$\{([^}!]+)\}/g)) if (!m[1].startsWith('AWS::')) into.add(m[1].split('.')[0]);
      if (Array.isArray(arg)) collectReferences(arg[1], into);
    } else collectReferences(arg, into);
  }
}
