// Request parameters of API v4 calls (query, form or JSON body), with Wrike's rules: JSON-in-param values
// must be valid JSON, enum values exact, and bad values answered 400 invalid_parameter.
import { canonicalFilterDate, type FilterDateKind } from "../dates.ts";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, description: string, headers: Record<string, string> = {}) {
    super(description);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const invalidParameter = (name: string, why: string): ApiError =>
  new ApiError(400, "invalid_parameter", `Parameter '${name}' is invalid: ${why}`);

export const parameterRequired = (name: string): ApiError =>
  new ApiError(400, "parameter_required", `Parameter '${name}' is required`);

export const notFound = (what: string): ApiError =>
  new ApiError(404, "resource_not_found", `${what} not found`);

export interface DateRange {
  start?: string;
  end?: string;
  equal?: string;
}

export class Params {
  readonly #values: Map<string, unknown>;
  /** Date filters also take milliseconds and zones (config `dateFilters: "lenient"`). */
  readonly #lenientDates: boolean;

  constructor(values: Map<string, unknown>, options: { lenientDates?: boolean } = {}) {
    this.#values = values;
    this.#lenientDates = options.lenientDates ?? false;
  }

  names(): string[] {
    return [...this.#values.keys()];
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  delete(name: string): void {
    this.#values.delete(name);
  }

  /** A scalar value; a JSON body may carry numbers or booleans, which are read as their text. */
  str(name: string): string | undefined {
    const value = this.#values.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    throw invalidParameter(name, "expected a string");
  }

  /** A JSON-encoded value (arrays, objects). From a JSON body it is already parsed. */
  json(name: string): unknown {
    const value = this.#values.get(name);
    if (value === undefined) return undefined;
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      throw invalidParameter(name, "value is not valid JSON");
    }
  }

  bool(name: string): boolean | undefined {
    const value = this.#values.get(name);
    if (value === undefined) return undefined;
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    throw invalidParameter(name, "expected true or false");
  }

  int(name: string, min: number, max: number): number | undefined {
    const text = this.str(name);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw invalidParameter(name, "expected an integer");
    const n = Number(text);
    if (n < min || n > max) throw invalidParameter(name, `must be between ${min} and ${max}`);
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const text = this.str(name);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text)) {
      throw invalidParameter(name, `expected one of ${allowed.join(", ")}`);
    }
    return text as T;
  }

  /** One value, or a JSON array of values ("match with any"). */
  oneOrList<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const value = this.#values.get(name);
    if (value === undefined) return undefined;
    const list = typeof value === "string" && !value.trimStart().startsWith("[") ? [value] : this.json(name);
    if (!Array.isArray(list) || list.length === 0)
      throw invalidParameter(name, "expected a value or a JSON array");
    for (const item of list) {
      if (typeof item !== "string" || !(allowed as readonly string[]).includes(item)) {
        throw invalidParameter(name, `expected values from ${allowed.join(", ")}`);
      }
    }
    return list as T[];
  }

  /** A JSON array of id strings, e.g. ["KUAAAAAA"]; a bare [KUAAAAAA] is not JSON and is refused. */
  idList(name: string, max = 1000): string[] | undefined {
    const list = this.json(name);
    if (list === undefined) return undefined;
    if (!Array.isArray(list)) throw invalidParameter(name, "expected a JSON array of ids");
    if (list.length > max) throw invalidParameter(name, `at most ${max} ids`);
    for (const item of list) {
      if (typeof item !== "string" || item === "")
        throw invalidParameter(name, "expected a JSON array of id strings");
    }
    return list as string[];
  }

  /**
   * {"start","end"} (either end optional) or {"equal"}; task dates are zone-less, stamps end in Z, and a
   * timelog's `trackedDate` filter takes either (clients send both, wrike-api.md §10.2).
   */
  dateRange(name: string, kind: FilterDateKind): DateRange | undefined {
    const value = this.json(name);
    if (value === undefined) return undefined;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw invalidParameter(name, 'expected {"start","end"} or {"equal"}');
    }
    const range: DateRange = {};
    for (const [key, item] of Object.entries(value)) {
      if (key !== "start" && key !== "end" && key !== "equal")
        throw invalidParameter(name, `unknown key ${key}`);
      const date =
        typeof item === "string" ? canonicalFilterDate(item, kind, key, this.#lenientDates) : undefined;
      if (date === undefined) throw invalidParameter(name, `bad date in ${key}`);
      range[key] = date;
    }
    if (range.equal !== undefined && (range.start !== undefined || range.end !== undefined)) {
      throw invalidParameter(name, "equal cannot be combined with start or end");
    }
    if (range.equal === undefined && range.start === undefined && range.end === undefined) {
      throw invalidParameter(name, "empty range");
    }
    return range;
  }

  /** `fields`: a JSON array naming optional fields to ADD to the model; unknown names are refused. */
  fields(allowed: readonly string[]): Set<string> {
    const list = this.json("fields");
    if (list === undefined) return new Set();
    if (!Array.isArray(list)) throw invalidParameter("fields", "expected a JSON array");
    for (const item of list) {
      if (typeof item !== "string" || !allowed.includes(item)) {
        throw invalidParameter("fields", `unknown field ${JSON.stringify(item)}`);
      }
    }
    return new Set(list as string[]);
  }
}
