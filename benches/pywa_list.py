"""Lists every template of an account with pywa (unchanged, from PyPI), page by page.

Usage: python pywa_list.py BASE_URL TOKEN WABA_ID PAGE_SIZE
Prints the number of templates listed. The plan benchmark times it as the baseline a user
would write by hand. pywa 4.5.0's own TemplatesResult.next() raises TypeError, so this pages
with the cursors pywa parses, as tests/pywa/check_sandbox.py does.
"""

import sys

import httpx
from pywa import WhatsApp
from pywa.types import Pagination

API_VERSION = "25.0"


def main():
    base_url, token, waba_id, page_size = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], int(sys.argv[4])
    session = httpx.Client(timeout=30, trust_env=False)
    wa = WhatsApp(phone_id="0", token=token, waba_id=waba_id, session=session, api_version=API_VERSION)
    session.base_url = f"{base_url}/v{API_VERSION}"
    page = wa.get_templates(pagination=Pagination(limit=page_size))
    count = len(page)
    while page.has_next:
        page = wa.get_templates(pagination=Pagination(limit=page_size, after=page.after))
        count += len(page)
    print(count)


if __name__ == "__main__":
    main()
