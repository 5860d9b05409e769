#!/usr/bin/env python3
"""Builds tests/fixtures/postman/templates.postman_collection.json from the template items of
Meta's WhatsApp Cloud API Postman collection (the 25 requests whose folder or name mention
"template"), for newman to run against `wabactl sandbox serve`.

Each request is Meta's, unchanged but for: the host (`https://graph.facebook.com` becomes
`{{Base-URL}}`), the hand-filled placeholders of its URL (`<TEMPLATE_ID>`, `<HSM_ID>`,
`<TEMPLATE_NAME>`, `<NAME>`) made variables, and the order (creates first, then reads, the
edit, sends and deletes). Each gets a test script: what Meta answers to that request as
written (its documented answer when the request is valid, a Graph error when Meta's pages
say it is refused), kept in EXPECTED below with the reason.

Usage: make_collection.py SUBSET.json OUT.json
"""
import json
import sys

# name -> (expected, why). "ok:k1,k2" is a 2xx answer with those keys, as Meta's saved
# example answer has them; "error" is a Graph error object ({"error": {"code", ...}}).
EXPECTED = {
    "Create authentication template w/ OTP copy code button": ("ok:id,status,category", "a valid create"),
    "Create authentication template w/ OTP one-tap autofill button": ("error", "package_name/signature_hash on the button: refused since v21.0 (one-tap page)"),
    "Create catalog template": ("ok:id,status,category", "a valid create"),
    "Create multi-product message template": ("ok:id,status,category", "a valid create"),
    "Create template w/ text header, text body, text footer, and 2 quick reply buttons": ("ok:id,status,category", "a valid create"),
    "Create template w/ image header, text body, text footer, and 2 call-to-action buttons": ("error", "header_handle `4::aW...` is not an upload handle of this app"),
    "Create template w/ location header, text body, text footer, and a website buttons": ("ok:id,status,category", "a valid create"),
    "Create template w/ document header, text body, a phone number button, and a URL button": ("error", "the header_handle is Meta's 2023 example, not an upload handle of this app"),
    "Create Flow Template Message by Name": ("error", "name `<TEMPLATE_NAME>` is not a template name"),
    "Create Flow Template Message by Flow JSON": ("error", "name `<TEMPLATE_NAME>` is not a template name"),
    "Create Flow Template Message by ID": ("error", "name `<TEMPLATE_NAME>` is not a template name"),
    "Get template by ID (default fields)": ("ok:name,components,language,status,category,id", "the seeded template"),
    "Get template by name (default fields)": ("ok:data,paging", "a list"),
    "Get all templates (default fields)": ("ok:data,paging", "a list"),
    "Get namespace": ("ok:message_template_namespace,id", "the account's namespace"),
    "Edit template": ("ok:success", "an edit of the seeded approved template"),
    "Send Message Template Text": ("error", "template `template-name` in `language-and-locale-code` does not exist"),
    "Send Message Template Media": ("error", "template `template-name` in `language-and-locale-code` does not exist"),
    "Send Message Template Interactive": ("error", "template `template-name` in `language-and-locale-code` does not exist"),
    "Send Catalog Template Message": ("ok:messaging_product,contacts,messages", "intro_catalog_offer was created above and approved"),
    "Send Flow Template Message": ("error", "template `<TEMPLATE_NAME>` does not exist"),
    "Send Sample Shipping Confirmation Template": ("error", "a new account holds hello_world only, not sample_shipping_confirmation"),
    "Send Sample Issue Resolution Template": ("error", "a new account holds hello_world only, not sample_issue_resolution"),
    "Delete template by ID": ("ok:success", "the seeded template, by hsm_id and name"),
    "Delete template by name": ("ok:success", "seasonal_promotion_text_only, created above"),
}
ORDER = ["Create", "Get", "Edit", "Send", "Delete"]

URL_VARIABLES = {
    "<TEMPLATE_ID>": "{{Template-ID}}",
    "<HSM_ID>": "{{Template-ID}}",
    "<NAME>": "{{Template-Name}}",
}


def script(name):
    expected, why = EXPECTED[name]
    lines = [
        f"// What Meta answers to this request as written: {why}.",
        "const body = pm.response.json();",
    ]
    if expected.startswith("ok:"):
        keys = expected[3:].split(",")
        lines += [
            f"pm.test('answered as Meta documents it: {', '.join(keys)}', function () {{",
            "    pm.expect(pm.response.code).to.be.within(200, 299);",
            f"    pm.expect(body).to.include.all.keys({json.dumps(keys)});",
            "});",
        ]
    else:
        lines += [
            "pm.test('refused with a Graph error, as Meta refuses it', function () {",
            "    pm.expect(pm.response.code).to.be.within(400, 499);",
            "    pm.expect(body.error.code).to.be.a('number');",
            "    pm.expect(body.error).to.include.all.keys(['message', 'type', 'code', 'fbtrace_id']);",
            "});",
        ]
    return {"listen": "test", "script": {"type": "text/javascript", "exec": lines}}


def main(subset_path, out_path):
    subset = json.load(open(subset_path))
    items = []
    for item in subset["items"]:
        request = item["request"]
        url = request["url"]
        raw = url["raw"] if isinstance(url, dict) else url
        raw = raw.replace("https://graph.facebook.com", "{{Base-URL}}")
        if "Delete template by name" == item["name"]:
            raw = raw.replace("<TEMPLATE_NAME>", "{{Delete-Name}}")
        else:
            raw = raw.replace("<TEMPLATE_NAME>", "{{Template-Name}}")
        for placeholder, variable in URL_VARIABLES.items():
            raw = raw.replace(placeholder, variable)
        request = dict(request, url=raw)
        items.append(
            {"name": item["name"], "request": request, "event": [script(item["name"])]}
        )
    items.sort(key=lambda i: next(n for n, p in enumerate(ORDER) if i["name"].startswith(p)))
    collection = {
        "info": {
            "name": "WhatsApp Cloud API: template and send requests (Meta's Postman collection)",
            "_postman_id": subset["info"]["_postman_id"],
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
            "description": "Made by tests/postman/make_collection.py from Meta's collection; see tests/fixtures/postman/README.md.",
        },
        "item": items,
        # The collection's own authorization: every request sends the token as a Bearer.
        "auth": {
            "type": "bearer",
            "bearer": [{"key": "token", "value": "{{User-Access-Token}}", "type": "string"}],
        },
    }
    with open(out_path, "w") as out:
        json.dump(collection, out, indent=1, ensure_ascii=False)
        out.write("\n")
    print(f"{len(items)} requests written to {out_path}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
