// The seeded accounts and people: two accounts on two data centres, their contacts and sign-in users.
import { recycleBinId, rootFolderId } from "./ids.ts";
import {
  ACME_ID,
  ADA_ID,
  FREYA_ID,
  GRACE_ID,
  JONAS_ID,
  KATHERINE_ID,
  LINUS_ID,
  MARGARET_ID,
  NORD_ID,
} from "./seed-ids.ts";
import { permanentToken } from "./tokens.ts";
import type { Account, Contact, SeedUser } from "./types.ts";

export const DEMO_PASSWORD = "wrike-demo";

export function accounts(): Account[] {
  const base = {
    dateFormat: "dd/MM/yyyy",
    firstDayOfWeek: "Mon",
    workDays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  };
  return [
    {
      ...base,
      id: ACME_ID,
      name: "Acme Robotics",
      host: "us",
      timezone: "Europe/London",
      rootFolderId: rootFolderId(ACME_ID),
      recycleBinId: recycleBinId(ACME_ID),
      createdDate: "2019-03-04T09:12:44Z",
      subscription: { type: "Business", paid: true, userLimit: 50 },
    },
    {
      ...base,
      id: NORD_ID,
      name: "Nordlicht Studio",
      host: "eu",
      timezone: "Europe/Berlin",
      dateFormat: "dd.MM.yyyy",
      rootFolderId: rootFolderId(NORD_ID),
      recycleBinId: recycleBinId(NORD_ID),
      createdDate: "2021-09-13T08:30:00Z",
      subscription: { type: "Premium", paid: true, userLimit: 15 },
    },
  ];
}

export interface PersonSpec {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  timezone: string;
  locale: string;
  title: string;
  phone: string;
  location: string;
  color: string;
  login: boolean;
  memberships: {
    accountId: string;
    role: "User" | "Collaborator";
    admin: boolean;
    owner: boolean;
    joined: string;
  }[];
}

export const PEOPLE: PersonSpec[] = [
  {
    id: ADA_ID,
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@acme.test",
    timezone: "Europe/London",
    locale: "en",
    title: "Head of Engineering",
    phone: "+44 20 7946 0018",
    location: "London, UK",
    color: "#4f46e5",
    login: true,
    memberships: [
      { accountId: ACME_ID, role: "User", admin: true, owner: true, joined: "2019-03-04T09:12:44Z" },
      { accountId: NORD_ID, role: "User", admin: false, owner: false, joined: "2022-05-17T13:05:10Z" },
    ],
  },
  {
    id: GRACE_ID,
    firstName: "Grace",
    lastName: "Hopper",
    email: "grace@acme.test",
    timezone: "America/New_York",
    locale: "en",
    title: "Firmware Engineer",
    phone: "+1 212 555 0147",
    location: "New York, USA",
    color: "#0f766e",
    login: true,
    memberships: [
      { accountId: ACME_ID, role: "User", admin: false, owner: false, joined: "2019-06-10T15:40:02Z" },
    ],
  },
  {
    id: MARGARET_ID,
    firstName: "Margaret",
    lastName: "Hamilton",
    email: "margaret@acme.test",
    timezone: "America/Chicago",
    locale: "en",
    title: "Flight Software Consultant",
    phone: "",
    location: "Chicago, USA",
    color: "#b45309",
    login: true,
    memberships: [
      {
        accountId: ACME_ID,
        role: "Collaborator",
        admin: false,
        owner: false,
        joined: "2023-01-09T10:00:00Z",
      },
    ],
  },
  {
    id: LINUS_ID,
    firstName: "Linus",
    lastName: "Berg",
    email: "linus@nordlicht.test",
    timezone: "Europe/Berlin",
    locale: "de",
    title: "Creative Director",
    phone: "+49 30 901820",
    location: "Berlin, Germany",
    color: "#be123c",
    login: true,
    memberships: [
      { accountId: NORD_ID, role: "User", admin: true, owner: true, joined: "2021-09-13T08:30:00Z" },
    ],
  },
  {
    id: KATHERINE_ID,
    firstName: "Katherine",
    lastName: "Johnson",
    email: "katherine@acme.test",
    timezone: "America/New_York",
    locale: "en",
    title: "Controls Engineer",
    phone: "",
    location: "Hampton, USA",
    color: "#7c3aed",
    login: false,
    memberships: [
      { accountId: ACME_ID, role: "User", admin: false, owner: false, joined: "2020-02-03T09:00:00Z" },
    ],
  },
  {
    id: FREYA_ID,
    firstName: "Freya",
    lastName: "Lund",
    email: "freya@nordlicht.test",
    timezone: "Europe/Copenhagen",
    locale: "en",
    title: "Motion Designer",
    phone: "",
    location: "Copenhagen, Denmark",
    color: "#0369a1",
    login: false,
    memberships: [
      { accountId: NORD_ID, role: "User", admin: false, owner: false, joined: "2022-01-11T08:00:00Z" },
    ],
  },
  {
    id: JONAS_ID,
    firstName: "Jonas",
    lastName: "Weber",
    email: "jonas@nordlicht.test",
    timezone: "Europe/Berlin",
    locale: "de",
    title: "Producer",
    phone: "",
    location: "Hamburg, Germany",
    color: "#15803d",
    login: false,
    memberships: [
      {
        accountId: NORD_ID,
        role: "Collaborator",
        admin: false,
        owner: false,
        joined: "2023-04-24T08:00:00Z",
      },
    ],
  },
];

export function contactsFor(specs: PersonSpec[]): Contact[] {
  return specs.map((p) => ({
    id: p.id,
    firstName: p.firstName,
    lastName: p.lastName,
    primaryEmail: p.email,
    timezone: p.timezone,
    locale: p.locale,
    title: p.title,
    companyName: p.email.endsWith("@acme.test") ? "Acme Robotics" : "Nordlicht Studio",
    phone: p.phone,
    location: p.location,
    color: p.color,
    joined: Object.fromEntries(p.memberships.map((m) => [m.accountId, m.joined])),
    profiles: p.memberships.map((m) => ({
      accountId: m.accountId,
      email: p.email,
      role: m.role,
      external: false,
      admin: m.admin,
      owner: m.owner,
    })),
  }));
}

export function usersFor(specs: PersonSpec[], accts: Account[]): SeedUser[] {
  return specs
    .filter((p) => p.login)
    .map((p) => ({
      id: p.id,
      email: p.email,
      password: DEMO_PASSWORD,
      firstName: p.firstName,
      lastName: p.lastName,
      accounts: p.memberships.map((m) => {
        const account = accts.find((a) => a.id === m.accountId);
        if (!account) throw new Error(`no account ${m.accountId}`);
        return {
          accountId: account.id,
          name: account.name,
          host: account.host,
          role: m.role,
          admin: m.admin,
          owner: m.owner,
          permanentToken: permanentToken(p.id, account.id, account.host),
        };
      }),
    }));
}
