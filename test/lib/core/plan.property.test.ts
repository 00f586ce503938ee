/**
 * Model-based property tests of the planner: random declarations against random live users, the
 * planned write applied with an independent model of the APIs' documented semantics
 * (test/fixtures/connect-api-model.ts). Seeded, so a failure names the case that reproduces it.
 */
import { ChannelSpec, PhoneConfigSpec, UserSpec } from '../../../lib/core/contract';
import { fromDescribeUser } from '../../../lib/core/live';
import { UserPlan, UserTarget, captureTarget, planTarget, planUser, targetOf } from '../../../lib/core/plan';
import { validateUser } from '../../../lib/core/validate';
import { mulberry32 } from '../../../lib/testing/faults';
import { mergeRecord, OriginalRecord } from '../../../lib/engine/original-record';
import { MODEL_CHANNELS, ModelChannel, ModelUser, applyPhoneConfig, applyUserConfig, describeModel, diffModel } from '../../fixtures/connect-api-model';
import { userId } from '../../fixtures/events';

const CASES = 5000;
const ID = userId(7);
const NUMBERS = ['+14155550100', '+14155550199', '+442071838750'];
const ACWS = [0, 15, 30, 45, 120];
const LEGACY_TWIN: Record<string, string> = { PhoneType: 'PhoneType', AutoAccept: 'AutoAccept', AfterContactWorkTimeLimit: 'AfterContactWorkTimeLimit', DeskPhoneNumber: 'PhoneNumber', PersistentConnection: 'PersistentConnection' };

/** What Connect documents an unset optional setting to mean; a desk number is simply absent. */
const ABSENT_BEHAVES_AS: Record<string, unknown> = { AgentFirstCallbackAutoAccept: false, AgentFirstCallbackAfterContactWorkTimeLimit: 0, VoiceEnhancementMode: 'NONE' };

type Random = () => number;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const chance = (r: Random, p: number) => r() < p;

/** A live user as Connect may hold it: optional settings present or absent, ACW per channel. */
function randomUser(r: Random): ModelUser {
  const desk = chance(r, 0.4);
  const voice: Record<string, string | number | boolean> = {
    PhoneType: desk ? 'DESK_PHONE' : 'SOFT_PHONE',
    AutoAccept: chance(r, 0.5),
    AfterContactWorkTimeLimit: pick(r, ACWS),
    PersistentConnection: chance(r, 0.5),
  };
  if (desk || chance(r, 0.3)) voice.PhoneNumber = pick(r, NUMBERS);
  if (chance(r, 0.5)) voice.AgentFirstCallbackAutoAccept = chance(r, 0.5);
  if (chance(r, 0.5)) voice.AgentFirstCallbackAfterContactWorkTimeLimit = pick(r, ACWS);
  if (chance(r, 0.5)) voice.VoiceEnhancementMode = pick(r, ['NONE', 'VOICE_ISOLATION', 'NOISE_SUPPRESSION']);
  const uniform = chance(r, 0.5);
  const other = () => ({ AutoAccept: chance(r, 0.5), AfterContactWorkTimeLimit: uniform ? voice.AfterContactWorkTimeLimit : pick(r, ACWS) });
  return { VOICE: voice, CHAT: other(), TASK: other(), EMAIL: other() };
}

/** A valid declaration: top-level settings, channel entries, or both, never contradicting. */
function randomDeclaration(r: Random): UserSpec {
  const phoneConfig: Record<string, unknown> = {};
  if (chance(r, 0.3)) phoneConfig.PhoneType = pick(r, ['SOFT_PHONE', 'DESK_PHONE']);
  if (chance(r, 0.3)) phoneConfig.AutoAccept = chance(r, 0.5);
  if (chance(r, 0.4)) phoneConfig.AfterContactWorkTimeLimit = pick(r, ACWS);
  if (chance(r, 0.2) || phoneConfig.PhoneType === 'DESK_PHONE') phoneConfig.DeskPhoneNumber = pick(r, NUMBERS);
  if (chance(r, 0.2)) phoneConfig.PersistentConnection = chance(r, 0.5);
  const channels: ChannelSpec[] = [];
  for (const channel of MODEL_CHANNELS) {
    if (!chance(r, 0.3)) continue;
    const entry: Record<string, unknown> = { Channel: channel };
    if (chance(r, 0.5)) entry.AutoAccept = chance(r, 0.5);
    if (chance(r, 0.5)) entry.AfterContactWorkTimeLimit = pick(r, ACWS);
    if (channel === 'VOICE') {
      if (chance(r, 0.3)) entry.AgentFirstCallbackAutoAccept = chance(r, 0.5);
      if (chance(r, 0.3)) entry.AgentFirstCallbackAfterContactWorkTimeLimit = pick(r, ACWS);
      if (chance(r, 0.2)) entry.VoiceEnhancementMode = pick(r, ['NONE', 'VOICE_ISOLATION']);
      if (chance(r, 0.2)) entry.PhoneType = pick(r, ['SOFT_PHONE', 'DESK_PHONE']);
      if (chance(r, 0.2) || entry.PhoneType === 'DESK_PHONE') entry.PhoneNumber = pick(r, NUMBERS);
      if (chance(r, 0.2)) entry.PersistentConnection = chance(r, 0.5);
      // The same setting declared twice says the same thing (the validator refuses otherwise).
      for (const [legacy, voice] of Object.entries(LEGACY_TWIN)) {
        if (phoneConfig[legacy] !== undefined && entry[voice] !== undefined) entry[voice] = phoneConfig[legacy];
      }
      if ((entry.PhoneType ?? phoneConfig.PhoneType) === 'DESK_PHONE' && entry.PhoneNumber === undefined && phoneConfig.DeskPhoneNumber === undefined) entry.PhoneNumber = pick(r, NUMBERS);
    }
    if (Object.keys(entry).length > 1) channels.push(entry as unknown as ChannelSpec);
  }
  if (Object.keys(phoneConfig).length === 0 && channels.length === 0) phoneConfig.AutoAccept = chance(r, 0.5);
  return {
    UserId: ID,
    ...(Object.keys(phoneConfig).length > 0 ? { PhoneConfig: phoneConfig as PhoneConfigSpec } : {}),
    ...(channels.length > 0 ? { Channels: channels } : {}),
  };
}

/** What the declaration says, read here from the construct's documented meaning: top-level is VOICE. */
function declaredSettings(desired: UserSpec): Map<string, unknown> {
  const declared = new Map<string, unknown>();
  for (const [legacy, value] of Object.entries(desired.PhoneConfig ?? {})) declared.set(`VOICE.${LEGACY_TWIN[legacy]}`, value);
  for (const entry of desired.Channels ?? []) {
    for (const [field, value] of Object.entries(entry)) if (field !== 'Channel') declared.set(`${entry.Channel}.${field}`, value);
  }
  return declared;
}

function apply(user: ModelUser, plan: UserPlan): ModelUser {
  let next = user;
  for (const write of [plan.write, plan.followUp]) {
    if (write === undefined) continue;
    next = write.api === 'UpdateUserPhoneConfig' ? applyPhoneConfig(next, write.input as { PhoneConfig: Record<string, unknown> }) : applyUserConfig(next, write.input as Record<string, unknown>);
  }
  return next;
}

function planned(plan: UserPlan): Map<string, { from: unknown; to: unknown }> {
  return new Map(plan.changes.map((c) => [`${c.channel}.${c.field}`, { from: c.from, to: c.to }]));
}

describe('Property: planUser against a model of the write APIs', () => {
  it(`should make every declared setting true, change nothing undeclared, and list exactly the changes (${CASES} seeded cases)`, () => {
    const r = mulberry32(20261202);
    let written = 0;
    let viaPhoneConfig = 0;
    for (let n = 0; n < CASES; n++) {
      const before = randomUser(r);
      const desired = randomDeclaration(r);
      expect(validateUser(desired, `case ${n}`).errors).toEqual([]);
      const plan = planUser(desired, fromDescribeUser(describeModel(ID, before)), { perChannelWrites: true });
      const after = apply(before, plan);
      const diff = diffModel(before, after);
      const declared = declaredSettings(desired);
      const context = { n, before, desired, plan };
      expect({ ...context, blocked: plan.blockedReason }).toEqual({ ...context, blocked: undefined });
      // (a) every declared setting holds afterwards
      for (const [key, value] of declared) {
        const [channel, field] = key.split('.') as [ModelChannel, string];
        expect({ ...context, key, value: after[channel][field] }).toEqual({ ...context, key, value });
      }
      // (b) no undeclared field on any channel changed
      expect({ ...context, undeclared: [...diff.keys()].filter((k) => !declared.has(k)) }).toEqual({ ...context, undeclared: [] });
      // (c) the plan's changes are the diff, field by field and channel by channel
      expect({ ...context, changes: planned(plan) }).toEqual({ ...context, changes: diff });
      if (plan.write !== undefined) written++;
      if (plan.write?.api === 'UpdateUserPhoneConfig') viaPhoneConfig++;
    }
    // The cases exercise both APIs, not only one of them.
    expect(written).toBeGreaterThan(CASES / 2);
    expect(viaPhoneConfig).toBeGreaterThan(CASES / 20);
  });

  it(`should block rather than change an undeclared channel when UpdateUserConfig is not allowed (${CASES} seeded cases)`, () => {
    const r = mulberry32(7);
    for (let n = 0; n < CASES; n++) {
      const before = randomUser(r);
      const desired = randomDeclaration(r);
      const plan = planUser(desired, fromDescribeUser(describeModel(ID, before)), { perChannelWrites: false });
      expect(plan.write?.api ?? 'none').not.toBe('UpdateUserConfig');
      const diff = diffModel(before, apply(before, plan));
      const declared = declaredSettings(desired);
      expect({ n, undeclared: [...diff.keys()].filter((k) => !declared.has(k)) }).toEqual({ n, undeclared: [] });
    }
  });
});

function valueAt(user: ModelUser, key: string): unknown {
  const [channel, field] = key.split('.') as [ModelChannel, string];
  return user[channel][field];
}

/** A console edit of a random setting between deploys. */
function consoleEdit(r: Random, user: ModelUser): ModelUser {
  const next: ModelUser = { VOICE: { ...user.VOICE }, CHAT: { ...user.CHAT }, TASK: { ...user.TASK }, EMAIL: { ...user.EMAIL } };
  const channel = pick(r, MODEL_CHANNELS);
  if (chance(r, 0.5)) next[channel].AfterContactWorkTimeLimit = pick(r, ACWS);
  else next[channel].AutoAccept = chance(r, 0.5);
  return next;
}

describe('Property: RESTORE against a model of the write APIs', () => {
  it(`should return every setting the stack touched to its exact original, absent included, and leave the rest (${CASES} seeded cases)`, () => {
    const r = mulberry32(424242);
    let clearedNumbers = 0;
    for (let n = 0; n < CASES; n++) {
      let user = randomUser(r);
      let record: OriginalRecord | undefined;
      const touched = new Set<string>();
      const originals = new Map<string, unknown>();
      const deploys = 1 + Math.floor(r() * 3);
      for (let d = 0; d < deploys; d++) {
        const desired = randomDeclaration(r);
        const live = fromDescribeUser(describeModel(ID, user));
        const plan = planUser(desired, live, { perChannelWrites: true });
        if (plan.changes.length > 0) {
          // What the handler does before a write: record the declared settings as they are live.
          record = mergeRecord(record, captureTarget(targetOf(desired), live), 'owner', { userId: ID });
          for (const key of declaredSettings(desired).keys()) {
            // The original of a setting is what it was when the stack first declared it for a write.
            if (!touched.has(key)) originals.set(key, valueAt(user, key));
            touched.add(key);
          }
          user = apply(user, plan);
        }
        if (chance(r, 0.3)) user = consoleEdit(r, user);
      }
      if (record === undefined) continue;
      const beforeDelete = user;
      const plan = planTarget(record.settings as UserTarget, fromDescribeUser(describeModel(ID, user)), { perChannelWrites: true });
      expect({ n, blocked: plan.blockedReason }).toEqual({ n, blocked: undefined });
      if (plan.followUp !== undefined) clearedNumbers++;
      const restored = apply(user, plan);
      for (const channel of MODEL_CHANNELS) {
        for (const field of new Set([...Object.keys(restored[channel]), ...Object.keys(beforeDelete[channel]), ...[...touched].filter((k) => k.startsWith(`${channel}.`)).map((k) => k.split('.')[1])])) {
          const key = `${channel}.${field}`;
          const wasTouched = touched.has(key);
          const recorded = (record.settings[channel] ?? {})[field as keyof UserTarget['VOICE']] !== undefined;
          if (wasTouched && recorded) {
            // A setting Connect cannot remove (absent before) comes back as what absent behaves as.
            const expected = originals.get(key) ?? ABSENT_BEHAVES_AS[field];
            expect({ n, key, value: restored[channel][field] }).toEqual({ n, key, value: expected });
          } else {
            expect({ n, key, value: restored[channel][field] }).toEqual({ n, key, value: beforeDelete[channel][field] });
          }
        }
      }
    }
    expect(clearedNumbers).toBeGreaterThan(0);
  });
});
