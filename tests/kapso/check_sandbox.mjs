// @kapso/whatsapp-cloud-api (unchanged, from npm) against `wabactl sandbox serve`: it lists,
// creates and deletes templates as it does against Meta's Graph API.
// Usage: node check_sandbox.mjs BASE_URL   (the client comes from NODE_PATH)
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { WhatsAppClient } = require("@kapso/whatsapp-cloud-api");

const [baseUrl] = process.argv.slice(2);
const waba = "102290129340398";
let passed = 0;
function check(ok, what) {
  if (!ok) {
    console.log(`FAILED: ${what}`);
    process.exit(1);
  }
  passed += 1;
  console.log(`ok: ${what}`);
}

const client = new WhatsAppClient({ accessToken: "sandbox-token", baseUrl, graphVersion: "v26.0" });
const names = async () =>
  (await client.templates.list({ businessAccountId: waba, limit: 100 })).data.map((t) => t.name);

check((await names()).includes("hello_world"), "a new account lists hello_world");

const created = await client.templates.create({
  businessAccountId: waba,
  name: "kapso_seasonal_promo",
  language: "en_US",
  category: "MARKETING",
  parameterFormat: "NAMED",
  components: [
    {
      type: "BODY",
      text: "Shop now through {{end_date}} using code {{discount_code}}",
      example: {
        bodyTextNamedParams: [
          { paramName: "end_date", example: "Aug 31" },
          { paramName: "discount_code", example: "SALE25" },
        ],
      },
    },
    { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Unsubscribe" }] },
  ],
});
check(typeof created.id === "string" && created.category === "MARKETING", `create answers {id, status, category} (${JSON.stringify(created)})`);

const listed = await client.templates.list({ businessAccountId: waba, name: "kapso_seasonal_promo" });
const mine = listed.data.find((t) => t.name === "kapso_seasonal_promo");
check(mine && mine.id === created.id, "the created template is listed under its id");
check(mine.parameterFormat === "NAMED" || mine.parameter_format === "NAMED", "parameter_format comes back NAMED");

let refused = null;
try {
  await client.templates.create({
    businessAccountId: waba,
    name: "kapso_seasonal_promo",
    language: "en_US",
    category: "MARKETING",
    components: [{ type: "BODY", text: "Again." }],
  });
} catch (err) {
  refused = err;
}
check(refused !== null, `a duplicate create is refused (${refused && refused.message})`);

const deleted = await client.templates.delete({ businessAccountId: waba, name: "kapso_seasonal_promo" });
check(deleted.success === true, "delete by name answers success");
check(!(await names()).includes("kapso_seasonal_promo"), "the deleted template is no longer listed");

console.log(`kapso: ${passed} passed, 0 failed`);
