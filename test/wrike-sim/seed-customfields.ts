// Seeded custom field definitions per account: most of the 13 v154 types, account- and space-level, one
// archived, one for users; settings shaped like live Wrike's (inheritanceType, applicableEntityTypes, ...);
// and their values on a few fixed tasks (SEEDED_FIELD_VALUES).
import { entityId } from "./ids.ts";
import { ACME_ID, ADA_ID, GRACE_ID, MARGARET_ID, NORD_ID } from "./seed-ids.ts";
import type { CustomField, World } from "./types.ts";

interface FieldSpec {
  title: string;
  type: string;
  /** Title of the space a space-level field belongs to. */
  space?: string;
  description?: string;
  /** Dropdown / multiple-choice options. */
  values?: string[];
  extra?: Record<string, unknown>;
  forUsers?: boolean;
  archived?: boolean;
}

const SPECS: Record<string, FieldSpec[]> = {
  [ACME_ID]: [
    { title: "Customer", type: "Text" },
    { title: "Severity", type: "DropDown", values: ["Low", "Medium", "High", "Critical"] },
    {
      title: "Estimate (h)",
      type: "Numeric",
      extra: { decimalPlaces: 1, useThousandsSeparator: false, aggregation: "Sum" },
    },
    {
      title: "Budget",
      type: "Currency",
      extra: { decimalPlaces: 2, useThousandsSeparator: true, aggregation: "Sum", currency: "USD" },
    },
    { title: "Safety critical", type: "Checkbox" },
    { title: "Customer deadline", type: "Date", extra: { allowTime: false } },
    { title: "Reviewers", type: "Contacts" },
    { title: "Affected modules", type: "Multiple", values: ["Arm", "Gripper", "Vision", "Base"] },
    {
      title: "Firmware version",
      type: "Text",
      space: "Engineering",
      description: "Release the fix ships in",
    },
    { title: "Employee number", type: "Text", forUsers: true },
    { title: "Legacy part number", type: "Text", archived: true },
    // Appended after the first eleven, so their ids stay put.
    {
      title: "Field test readiness",
      type: "Percentage",
      extra: { decimalPlaces: 0, aggregation: "Average" },
    },
    { title: "Setup time", type: "Duration" },
    { title: "Supplier record", type: "LinkToDatabase" },
  ],
  [NORD_ID]: [
    { title: "Client", type: "Text" },
    { title: "Channel", type: "DropDown", values: ["Print", "Web", "Film", "Social"] },
    { title: "Proof progress", type: "Percentage", extra: { decimalPlaces: 0, aggregation: "Average" } },
    { title: "Film format", type: "DropDown", space: "Client Work", values: ["16:9", "9:16", "1:1"] },
    { title: "Shoot duration", type: "Duration" },
  ],
};

function settings(spec: FieldSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    inheritanceType: "All",
    applicableEntityTypes: [spec.forUsers ? "User" : "WorkItem"],
  };
  if (spec.values) {
    out.values = [...spec.values];
    out.options = spec.values.map((value) => ({ value }));
    out.optionColorsEnabled = false;
    out.allowOtherValues = false;
  }
  Object.assign(out, spec.extra ?? {});
  out.readOnly = false;
  return out;
}

/** Adds each account's fields, ids JU 0..n-1 per account (after the folders, for the space ids). */
export function seedCustomFields(world: World): void {
  for (const [accountId, specs] of Object.entries(SPECS)) {
    const account = world.accounts.find((a) => a.id === accountId);
    if (!account) continue;
    specs.forEach((spec, n) => {
      const field: CustomField = {
        id: entityId(accountId, "JU", n),
        accountId,
        title: spec.title,
        type: spec.type,
        settings: settings(spec),
        description: spec.description ?? "",
        archived: spec.archived ?? false,
      };
      if (spec.space) {
        const space = [...world.folders.values()].find(
          (f) => f.accountId === accountId && f.kind === "space" && f.title === spec.space,
        );
        if (!space) throw new Error(`seed: no space ${spec.space}`);
        field.spaceId = space.id;
      }
      if (spec.archived) {
        field.archivedOn = account.createdDate;
        field.archivedBy = ADA_ID;
      }
      world.customFields.push(field);
    });
  }
}

/**
 * Values on fixed tasks (by their index in seed.ts's SCENARIOS), by field title. Formats: Wrike's value is
 * always a string; DropDown the option's text, LinkToDatabase a JSON array ([LIB]); the rest are not
 * pinned down (wrike-api.md §13.1 [verify]), so [CHOICE]: Numeric/Currency/Percentage a plain number
 * ("40" = 40 %), Date `yyyy-MM-dd`, Checkbox "true"/"false", Contacts comma-separated ids, Multiple a JSON
 * array of option texts, Duration minutes.
 */
const VALUES: { account: string; task: number; values: Record<string, string> }[] = [
  {
    account: ACME_ID,
    task: 0,
    values: {
      Customer: "Northwind Automation",
      Severity: "Critical",
      "Safety critical": "true",
      "Firmware version": "3.0.4",
    },
  },
  {
    account: ACME_ID,
    task: 6,
    values: {
      Customer: `Harbour & Rail <b>Logistics</b>`,
      Severity: "High",
      "Estimate (h)": "12.5",
      Budget: "18250",
      "Safety critical": "false",
      "Customer deadline": "2027-03-15",
      Reviewers: `${GRACE_ID},${MARGARET_ID}`,
      "Affected modules": JSON.stringify(["Vision", "Base"]),
      "Field test readiness": "40",
      "Setup time": "150",
      "Supplier record": JSON.stringify(["IEACW7SMREAAAAAB"]),
    },
  },
  {
    account: NORD_ID,
    task: 18,
    values: {
      Client: "Bäckerei Sonnenschein",
      Channel: "Print",
      "Proof progress": "75",
      "Shoot duration": "480",
    },
  },
];

/** Puts VALUES on the fixed tasks (after the tasks are made; a small world without them is skipped). */
export function seedCustomFieldValues(world: World): void {
  for (const { account, task: index, values } of VALUES) {
    const task = world.tasks.get(entityId(account, "KQ", index));
    if (!task) continue;
    task.customFields = Object.entries(values).map(([title, value]) => {
      const field = world.customFields.find((f) => f.accountId === account && f.title === title);
      if (!field) throw new Error(`seed: no custom field ${title}`);
      return { id: field.id, value };
    });
  }
}
