// Custom field values on tasks: the seeded values name real fields of the task's account, every type the
// panel renders has one, and plainTextCustomFields=true strips HTML from Text values only.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Simulator } from "../index.ts";
import { getJson, permanent, q, startSimulator } from "./helpers.ts";

interface TaskJson {
  id: string;
  title: string;
  customFields: { id: string; value: string }[];
}
interface FieldJson {
  id: string;
  title: string;
  type: string;
}

let sim: Simulator;
let ada: string;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 30 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
});
afterAll(async () => {
  await sim.close();
});

async function fieldTask(): Promise<TaskJson> {
  const list = await getJson<TaskJson>(
    sim.hosts.us,
    `/tasks${q({ title: "Plan vision system field test" })}`,
    ada,
  );
  const id = list.data[0]?.id ?? "";
  return (await getJson<TaskJson>(sim.hosts.us, `/tasks/${id}`, ada)).data[0] as TaskJson;
}

it("puts values of every renderable type on a fixed task, each naming a field of the account", async () => {
  const task = await fieldTask();
  const fields = (await getJson<FieldJson>(sim.hosts.us, "/customfields", ada)).data;
  const types = task.customFields.map((v) => fields.find((f) => f.id === v.id)?.type);
  expect(types).not.toContain(undefined);
  expect(new Set(types)).toEqual(
    new Set([
      "Text",
      "DropDown",
      "Numeric",
      "Currency",
      "Checkbox",
      "Date",
      "Contacts",
      "Multiple",
      "Percentage",
      "Duration",
      "LinkToDatabase",
    ]),
  );
  const customer = fields.find((f) => f.title === "Customer");
  expect(task.customFields.find((v) => v.id === customer?.id)?.value).toBe("Harbour & Rail <b>Logistics</b>");
});

it("plainTextCustomFields=true strips the HTML of Text values and leaves the others alone", async () => {
  const task = await fieldTask();
  const plain = (await getJson<TaskJson>(sim.hosts.us, `/tasks/${task.id}?plainTextCustomFields=true`, ada))
    .data[0] as TaskJson;
  const fields = (await getJson<FieldJson>(sim.hosts.us, "/customfields", ada)).data;
  const customer = fields.find((f) => f.title === "Customer");
  expect(plain.customFields.find((v) => v.id === customer?.id)?.value).toBe("Harbour & Rail Logistics");
  const others = (t: TaskJson) => t.customFields.filter((v) => v.id !== customer?.id);
  expect(others(plain)).toEqual(others(task));
});
