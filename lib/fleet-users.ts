import * as fs from 'fs';
import { Duration } from 'aws-cdk-lib';
import { DeclaredChannel, DeclaredUser } from './core/declaration';
import { formatOfFile, readDeclarationFile } from './core/declaration-file';
import { ChannelSettings, ConnectChannel, PhoneType, VoiceEnhancementMode } from './settings';
import { FleetUser } from './user-phone-config-fleet';
import { defined } from './core/defined';

/**
 * The agents of a fleet, read from a declaration file: the JSON or CSV that
 * `cdk-connect-phone-config export` writes from a live instance, or one a team keeps by hand
 * (docs/declaration-files.md).
 *
 * @example
 * new UserPhoneConfigFleet(this, 'Agents', {
 *   instanceId: '11111111-2222-3333-4444-555555555555',
 *   users: FleetUsers.fromFile('agents.csv'),
 * });
 */
export class FleetUsers {
  /**
   * Reads and checks a declaration file at synth: every problem is reported at once, each with
   * the file, line and column, by the same rules as users declared in code. Durations are whole
   * seconds in the file. The path is relative to the working directory of `cdk synth` (the app's).
   *
   * @param path a `.json` or `.csv` file
   */
  public static fromFile(path: string): FleetUser[] {
    const format = formatOfFile(path);
    if (format === undefined) throw new Error(`FleetUsers.fromFile: ${path} is neither .json nor .csv; name the file for its format.`);
    let text: string;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`FleetUsers.fromFile: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the path is relative to ${process.cwd()}.`);
    }
    return readDeclarationFile(path, text, format).users.map(toFleetUser);
  }

  private constructor() {}
}

function toFleetUser(user: DeclaredUser): FleetUser {
  return defined<FleetUser>({
    userId: user.userId as string | undefined,
    username: user.username as string | undefined,
    phoneType: user.phoneType as PhoneType | undefined,
    autoAccept: user.autoAccept as boolean | undefined,
    afterContactWorkTimeLimit: seconds(user.afterContactWorkTimeLimit),
    persistentConnection: user.persistentConnection as boolean | undefined,
    deskPhoneNumber: user.deskPhoneNumber as string | undefined,
    channels: user.channels?.map(toChannelSettings),
  });
}

function toChannelSettings(c: DeclaredChannel): ChannelSettings {
  return defined<ChannelSettings>({
    channel: c.channel as ConnectChannel,
    autoAccept: c.autoAccept as boolean | undefined,
    afterContactWorkTimeLimit: seconds(c.afterContactWorkTimeLimit),
    agentFirstCallbackAutoAccept: c.agentFirstCallbackAutoAccept as boolean | undefined,
    agentFirstCallbackAfterContactWorkTimeLimit: seconds(c.agentFirstCallbackAfterContactWorkTimeLimit),
    voiceEnhancementMode: c.voiceEnhancementMode as VoiceEnhancementMode | undefined,
  });
}

/** The file holds validated whole seconds (readDeclarationFile checked them). */
function seconds(value: unknown): Duration | undefined {
  return value === undefined ? undefined : Duration.seconds(value as number);
}
