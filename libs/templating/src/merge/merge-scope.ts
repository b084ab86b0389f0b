import type { Channel, InlineAssets, LocaleInfo } from '@app/contracts';
import type { MergeContext } from '../merge-context';
import type { MessageCatalog } from '../message-catalog';

/**
 * Where a value sits in the merge context, from the root (`invoice.lines.3`),
 * or null where it cannot be known (the result of a helper). Built as a chain
 * and only spelled out when an error has to name a field, so walking a list
 * costs one small object per item.
 */
export type Trail = TrailNode | null;

export class TrailNode {
  static readonly ROOT = new TrailNode(undefined, []);

  private constructor(
    private readonly parent: TrailNode | undefined,
    private readonly segment: string | number | readonly string[],
  ) {}

  /** `parts` further down from here. */
  to(parts: readonly string[]): TrailNode {
    return parts.length === 0 ? this : new TrailNode(this, parts);
  }

  /** One item of the list or object here. */
  item(key: string | number): TrailNode {
    return new TrailNode(this, key);
  }

  parts(): string[] {
    const before = this.parent ? this.parent.parts() : [];
    return typeof this.segment === 'object' ? [...before, ...this.segment] : [...before, String(this.segment)];
  }
}

/** Handlebars' `@` variables: `@root` always, `@index`, `@key`, `@first`, `@last` inside `{{#each}}`. */
export interface DataFrame {
  readonly root: MergeContext;
  index?: number;
  key?: string | number;
  first?: boolean;
  last?: boolean;
  readonly _parent?: DataFrame;
}

/** Values of `as |item index|` of one block, and of the blocks around it. */
export interface BlockParams {
  readonly values: readonly unknown[];
  readonly trails: readonly Trail[];
  readonly outer: BlockParams | undefined;
}

/** What a merge produces: HTML (escaped, `<bdi>` isolation) or plain text (Unicode isolates). */
export type Markup = 'html' | 'text';

/** Per-merge facts the helpers need beside the context. */
export interface MergeRuntime {
  readonly catalog: MessageCatalog;
  readonly channel: Channel;
  readonly markup: Markup;
  /** Data URIs of the version's captured assets; absent when the caller supplied none. */
  readonly assets?: InlineAssets;
}

/** What stays the same for a whole merge. */
export interface MergeState {
  readonly runtime: MergeRuntime;
  readonly locale: LocaleInfo;
  /**
   * The template's values fixed per runtime identity (see `runtimeIdentity`),
   * each in the slot the compiler gave it: filled by the first merge that needs
   * one, shared by every merge with the same identity.
   */
  readonly slots: unknown[];
}

/**
 * The merge's position: the current context (`this`), the enclosing contexts
 * `../` climbs to, the `@` variables and the block parameters in reach.
 *
 * `up` follows Handlebars' depth rule: it changes only when a block enters a
 * context different from the current one, so `{{#if}}` and `{{#with this}}`
 * add no level for `../` to climb.
 */
export class Scope {
  constructor(
    readonly state: MergeState,
    readonly context: unknown,
    readonly trail: Trail,
    readonly up: Scope | undefined,
    readonly data: DataFrame,
    readonly params: BlockParams | undefined,
  ) {}

  static root(state: MergeState, context: MergeContext): Scope {
    return new Scope(state, context, TrailNode.ROOT, undefined, { root: context }, undefined);
  }

  /** A block's program run in `context`: a level for `../` only if the context changed. */
  enter(context: unknown, trail: Trail, data: DataFrame, params: BlockParams | undefined): Scope {
    // Loose equality, as Handlebars compares a block's context with the current one.
    if (context == this.context) return new Scope(this.state, context, trail, this.up, data, params);
    return new Scope(this.state, context, trail, this, data, params);
  }

  /** The scope `depth` levels of `../` above this one, or undefined above the root. */
  climb(depth: number): Scope | undefined {
    let scope: Scope | undefined = this;
    for (let level = 0; level < depth && scope; level++) scope = scope.up;
    return scope;
  }

  /** The `@` frame `depth` levels of `@../` above this one. */
  dataAt(depth: number): DataFrame | undefined {
    let frame: DataFrame | undefined = this.data;
    for (let level = 0; level < depth && frame; level++) frame = frame._parent;
    return frame;
  }
}

/** Handlebars' `createFrame`: a child `@` frame that still sees its parent's variables. */
export function childFrame(parent: DataFrame): DataFrame {
  return { ...parent, _parent: parent };
}
