/**
 * `export --format ts`: the exported agents as a ready `UserPhoneConfigFleet`, a module that
 * compiles against this library (a test type-checks it) and that a stack calls.
 */
import { DeclaredChannel, DeclaredUser } from '../core/declaration';

const ENUMS: Readonly<Record<string, string>> = {
  phoneType: 'PhoneType',
  voiceEnhancementMode: 'VoiceEnhancementMode',
  channel: 'ConnectChannel',
};
const SECONDS = new Set(['afterContactWorkTimeLimit', 'agentFirstCallbackAfterContactWorkTimeLimit']);

export function renderDeclarationTs(users: readonly DeclaredUser[], meta: { instanceId: string; source: string }): string {
  const used = new Set<string>();
  const value = (name: string, v: unknown): string => {
    if (ENUMS[name] !== undefined && typeof v === 'string') {
      used.add(ENUMS[name]);
      return `${ENUMS[name]}.${v}`;
    }
    if (SECONDS.has(name) && typeof v === 'number') {
      used.add('Duration');
      return `Duration.seconds(${v})`;
    }
    return typeof v === 'string' ? quote(v) : String(v);
  };
  const object = (o: DeclaredUser | DeclaredChannel): string => `{ ${Object.entries(o).map(([k, v]) => (k === 'channels'
    ? `channels: [${(v as DeclaredChannel[]).map(object).join(', ')}]`
    : `${k}: ${value(k, v)}`)).join(', ')} }`;
  const lines = users.map((u) => `      ${object(u)},`);
  const libImports = ['UserPhoneConfigFleet', ...['ConnectChannel', 'PhoneType', 'VoiceEnhancementMode'].filter((n) => used.has(n))].sort();
  return [
    `// Exported by cdk-connect-phone-config: ${meta.source}.`,
    `// ${users.length} agents. Each declares its current settings: deploying this changes nothing until you edit it.`,
    ...(used.has('Duration') ? ["import { Duration } from 'aws-cdk-lib';"] : []),
    `import { ${libImports.join(', ')} } from 'cdk-connect-phone-config';`,
    "import { Construct } from 'constructs';",
    '',
    'export function declareAgents(scope: Construct, id = \'Agents\'): UserPhoneConfigFleet {',
    `  return new UserPhoneConfigFleet(scope, id, {`,
    `    instanceId: ${quote(meta.instanceId)},`,
    '    users: [',
    ...lines,
    '    ],',
    '  });',
    '}',
    '',
  ].join('\n');
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
