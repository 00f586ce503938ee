/**
 * The Connect calls the handler makes, each paced by its own rate limiter (its quota's rate and burst). Everything above this
 * file speaks in LiveUser and UserWrite; everything below is the SDK.
 */
import {
  ConnectClient,
  DescribeUserCommand,
  SearchUsersCommand,
  UpdateUserConfigCommand,
  UpdateUserPhoneConfigCommand,
  UserSearchCriteria,
  UserSearchFilter,
  UserSearchSummary,
} from '@aws-sdk/client-connect';
import { LiveUser, fromDescribeUser } from '../core/live';
import { UserWrite } from '../core/plan';
import { ApiRates, DEFAULT_API_RATES, Pace } from '../core/resolved-resource';
import { isThrottling } from './errors';
import { RateLimiter } from './rate-limiter';

/** SearchUsers returns at most 500 users a page. */
export const SEARCH_PAGE_SIZE = 500;

/** Options of the handler's ConnectApi. */
export interface ConnectApiOptions {
  /**
   * Attempts per call when Connect throttles it, each paced again by the limiter (which then
   * treats the bucket as empty): the SDK's client must not retry throttling itself, or its
   * retries would spend the tokens the limiter hands to other calls. 1 leaves throttling to the SDK.
   */
  readonly throttledAttempts?: number;
  /** Epoch ms after which a throttled call is not tried again. */
  readonly deadline?: () => number;
}

export class ConnectApi {
  private readonly limiters: Record<keyof ApiRates, RateLimiter>;
  /** Calls made, by operation: reported in logs and by the benchmark. */
  readonly calls: Record<keyof ApiRates, number> = { DescribeUser: 0, SearchUsers: 0, UpdateUserPhoneConfig: 0, UpdateUserConfig: 0 };

  constructor(private readonly client: ConnectClient, readonly instanceId: string, rates: ApiRates = DEFAULT_API_RATES, private readonly options: ConnectApiOptions = {}) {
    const limiter = (pace: Pace) => new RateLimiter(pace.rate, pace.burst);
    this.limiters = {
      DescribeUser: limiter(rates.DescribeUser),
      SearchUsers: limiter(rates.SearchUsers),
      UpdateUserPhoneConfig: limiter(rates.UpdateUserPhoneConfig),
      UpdateUserConfig: limiter(rates.UpdateUserConfig),
    };
  }

  async describeUser(userId: string): Promise<LiveUser> {
    const out = await this.paced('DescribeUser', () => this.client.send(new DescribeUserCommand({ InstanceId: this.instanceId, UserId: userId })));
    if (!out.User) throw new Error(`DescribeUser returned no user for user id ${userId}`);
    return fromDescribeUser(out.User);
  }

  /**
   * All users matching `criteria` and `filter` (all users of the instance when absent), page by
   * page; `onPage` hears each page with SearchUsers' approximate total (a progress bar).
   */
  async searchUsers(criteria?: UserSearchCriteria, filter?: UserSearchFilter, onPage?: (page: readonly UserSearchSummary[], total: number) => Promise<void> | void): Promise<UserSearchSummary[]> {
    const users: UserSearchSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.paced('SearchUsers', () => this.client.send(new SearchUsersCommand({
        InstanceId: this.instanceId,
        MaxResults: SEARCH_PAGE_SIZE,
        NextToken: token,
        SearchCriteria: criteria,
        SearchFilter: filter,
      })));
      users.push(...(page.Users ?? []));
      await onPage?.(page.Users ?? [], page.ApproximateTotalCount ?? 0);
      token = page.NextToken;
    } while (token);
    return users;
  }

  async write(userId: string, write: UserWrite): Promise<void> {
    const target = { InstanceId: this.instanceId, UserId: userId };
    await this.paced(write.api, () => (write.api === 'UpdateUserPhoneConfig'
      ? this.client.send(new UpdateUserPhoneConfigCommand({ ...target, PhoneConfig: write.input.PhoneConfig }))
      : this.client.send(new UpdateUserConfigCommand({ ...target, ...write.input }))));
  }

  /** `send` once a permit is granted; a throttled call waits for a new permit (see ConnectApiOptions). */
  private async paced<T>(operation: keyof ApiRates, send: () => Promise<T>): Promise<T> {
    const attempts = this.options.throttledAttempts ?? 1;
    for (let attempt = 1; ; attempt++) {
      await this.limiters[operation].take();
      this.calls[operation]++;
      try {
        return await send();
      } catch (error) {
        if (!isThrottling(error) || attempt >= attempts || Date.now() >= (this.options.deadline?.() ?? Infinity)) throw error;
        this.limiters[operation].drained();
      }
    }
  }
}
