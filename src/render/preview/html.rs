//! The preview as HTML: chat bubbles on a self-contained page (inline CSS, no script, a
//! Content-Security-Policy that lets nothing load from anywhere but the page itself and its
//! embedded images), light or dark as the reader's system prefers. Template text goes
//! through `escape::html` only, so none of it becomes an element.

use std::fmt::Write;

use crate::preview::{
    Block, BlockKind, ButtonRow, CardView, Direction, HeaderView, MediaKind, Preview, Sample, Span,
};
use crate::render::escape::html as esc;

/// Resolves a local `file:` sample to a `data:` URI (or why it cannot be shown).
pub type Embed<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Forbids every load (scripts, remote images, fonts, frames) but inline style and `data:`
/// images.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE: &str = r#"
:root{color-scheme:light dark;--bg:#efeae2;--bubble:#fff;--text:#111b21;--muted:#667781;--link:#027eb5;--line:#e9edef;--ins:#d9fdd3;--del:#fde2e1;--panel:#f7f5f3}
@media (prefers-color-scheme:dark){:root{--bg:#0b141a;--bubble:#202c33;--text:#e9edef;--muted:#8696a0;--link:#53bdeb;--line:#2a3942;--ins:#1f4d2b;--del:#5a2226;--panel:#111b21}}
body{margin:0;padding:24px;background:var(--bg);color:var(--text);font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:20px;margin:0 0 16px}h2{font-size:16px;margin:28px 0 8px}h2 code{font-size:15px}
.row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.lang{width:340px}.lang>.label{color:var(--muted);font-size:13px;margin:0 0 6px}
.bubble{background:var(--bubble);border-radius:8px;box-shadow:0 1px .5px rgba(11,20,26,.13);overflow:hidden;max-width:340px}
.bubble>.content{padding:6px 9px 8px}
.header-text{font-weight:700;margin:2px 0 4px}
.media{display:flex;align-items:center;justify-content:center;min-height:140px;background:var(--line);color:var(--muted);font-size:13px;text-align:center;padding:8px}
.media img{max-width:100%;display:block}
.offer{display:flex;gap:8px;align-items:center;background:var(--panel);border-radius:6px;padding:6px 8px;margin:4px 0}
.offer b,.offer small{display:block}.offer small{color:var(--muted)}
.body p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.body p.empty{height:.7em}
.body p.quote{border-inline-start:3px solid var(--muted);padding-inline-start:6px;color:var(--muted)}
.body p.bullet::before{content:"• "}
.var{background:rgba(0,168,132,.15);border-radius:3px}
.var.missing{background:rgba(234,0,56,.15)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
.footer{color:var(--muted);font-size:13px;margin-top:4px}
.time{float:inline-end;color:var(--muted);font-size:11px;margin:4px 0 0 8px}
.buttons{border-top:1px solid var(--line)}
.btn{display:block;text-align:center;color:var(--link);padding:9px 8px;border-bottom:1px solid var(--line);font-weight:500}
.btn:last-child{border-bottom:0}
.btn .detail{display:block;color:var(--muted);font-size:11px;font-weight:400;overflow-wrap:anywhere}
.cards{display:flex;gap:8px;overflow-x:auto;padding:8px 0}
.card{flex:0 0 220px;background:var(--bubble);border-radius:8px;overflow:hidden;box-shadow:0 1px .5px rgba(11,20,26,.13)}
.card .media{min-height:100px}
.card .content{padding:6px 9px}
.options{color:var(--muted);font-size:12px;padding:6px 9px;border-top:1px solid var(--line)}
.notes{color:var(--muted);font-size:12px;margin:6px 0 0;padding-inline-start:18px}
.call{background:var(--panel);border-radius:6px;padding:8px;margin-top:6px;font-size:13px}
.change{background:var(--panel);border-radius:8px;padding:12px 16px;margin:16px 0}
.change h2{margin-top:0}
.why{margin:4px 0}.why b{color:var(--muted)}
ins{background:var(--ins);text-decoration:none}del{background:var(--del)}
.words{max-width:700px;white-space:pre-wrap;font-size:13px;margin-top:8px}
"#;

/// A whole page around `content`.
pub fn page(title: &str, content: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n{content}</body>\n</html>\n",
        esc(title),
        esc(title)
    )
}

/// Words of a body to mark: one flag per character of its plain text (lines joined by `\n`,
/// as `preview::plain_text` gives it), and the tag that marks them (`ins` or `del`).
pub struct Marks {
    pub changed: Vec<bool>,
    pub tag: &'static str,
}

impl Marks {
    /// The marks of one side of a word diff (`render::word_diff` runs).
    pub fn of_runs(runs: &[(bool, String)], tag: &'static str) -> Self {
        let changed = runs
            .iter()
            .flat_map(|(changed, text)| text.chars().map(move |_| *changed))
            .collect();
        Marks { changed, tag }
    }
}

/// The message as a chat bubble, with the notes under it.
pub fn bubble(preview: &Preview, embed: Embed) -> String {
    bubble_marked(preview, embed, None)
}

/// [`bubble`], with the changed words of the body marked.
pub fn bubble_marked(preview: &Preview, embed: Embed, marks: Option<&Marks>) -> String {
    let mut out = String::new();
    let dir = match preview.direction {
        Direction::Rtl => "rtl",
        Direction::Ltr => "ltr",
    };
    let _ = write!(
        out,
        "<div class=\"bubble\" dir=\"{dir}\" lang=\"{}\" data-template=\"{}\">",
        esc(&preview.language.replace('_', "-")),
        esc(&preview.name)
    );
    let mut notes = preview.notes.clone();
    if let Some(HeaderView::Media { .. }) = &preview.header {
        out.push_str(&header(
            preview.header.as_ref().expect("matched"),
            embed,
            &mut notes,
        ));
    }
    out.push_str("<div class=\"content\">");
    if let Some(h @ HeaderView::Text(_)) = &preview.header {
        out.push_str(&header(h, embed, &mut notes));
    }
    if let Some(h @ (HeaderView::Location | HeaderView::Product)) = &preview.header {
        out.push_str(&header(h, embed, &mut notes));
    }
    if let Some(offer) = &preview.offer {
        let _ = write!(
            out,
            "<div class=\"offer\"><span>🏷</span><span><b>{}</b>",
            esc(&offer.text)
        );
        if offer.has_expiration {
            out.push_str("<small>Ends in ⏱ (the expiry is set when sending)</small>");
        }
        if let Some(code) = &offer.code {
            let _ = write!(out, "<small>Code <code>{}</code></small>", esc(code));
        }
        out.push_str("</span></div>");
    }
    out.push_str(&body_marked(&preview.body, marks));
    if let Some(footer) = &preview.footer {
        let _ = write!(out, "<div class=\"footer\">{}</div>", spans(footer));
    }
    if preview.call_permission_request {
        out.push_str(
            "<div class=\"call\">📞 <b>Allow calls?</b> WhatsApp adds this card: the customer can \
             allow the business to call them.</div>",
        );
    }
    out.push_str("<span class=\"time\">12:00</span></div>");
    out.push_str(&buttons(&preview.buttons));
    out.push_str("</div>");
    if !preview.cards.is_empty() {
        let _ = write!(out, "<div class=\"cards\" dir=\"{dir}\">");
        for card_view in &preview.cards {
            out.push_str(&card(card_view, embed, &mut notes));
        }
        out.push_str("</div>");
    }
    if !notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for note in &notes {
            let _ = write!(out, "<li>{}</li>", esc(note));
        }
        out.push_str("</ul>");
    }
    out
}

fn header(header: &HeaderView, embed: Embed, notes: &mut Vec<String>) -> String {
    match header {
        HeaderView::Text(text) => format!("<div class=\"header-text\">{}</div>", spans(text)),
        HeaderView::Media { kind, sample } => {
            let inner = match sample {
                Sample::File(path) if *kind == MediaKind::Image => match embed(path) {
                    Ok(uri) => format!("<img src=\"{}\" alt=\"{}\">", esc(&uri), esc(path)),
                    Err(why) => {
                        notes.push(why);
                        format!("Image sample <code>{}</code>", esc(path))
                    }
                },
                Sample::File(path) => format!("{} sample <code>{}</code>", kind.label(), esc(path)),
                Sample::Link(url) => format!(
                    "{} sample (not fetched)<br><code>{}</code>",
                    kind.label(),
                    esc(url)
                ),
                Sample::Handle => format!("{} sample uploaded to Meta", kind.label()),
                Sample::None => format!("{} (no sample)", kind.label()),
            };
            format!(
                "<div class=\"media\" data-kind=\"{}\">{inner}</div>",
                kind.label()
            )
        }
        HeaderView::Location => {
            "<div class=\"media\" data-kind=\"Location\">📍 Location (given when sending)</div>"
                .into()
        }
        HeaderView::Product => {
            "<div class=\"media\" data-kind=\"Product\">🛍 Product (from the catalog)</div>".into()
        }
    }
}

fn body(blocks: &[Block]) -> String {
    body_marked(blocks, None)
}

fn body_marked(blocks: &[Block], marks: Option<&Marks>) -> String {
    let mut offset = 0;
    let mut out = String::from("<div class=\"body\">");
    for block in blocks {
        let class = match block.kind {
            _ if block.spans.is_empty() => "empty",
            BlockKind::Paragraph => "line",
            BlockKind::Quote => "quote",
            BlockKind::Bullet => "bullet",
            BlockKind::Numbered(_) => "numbered",
        };
        let number = match block.kind {
            BlockKind::Numbered(n) => format!("{n}. "),
            _ => String::new(),
        };
        let text = match marks {
            Some(marks) => marked_spans(&block.spans, marks, &mut offset),
            None => spans(&block.spans),
        };
        offset += 1; // the line end
        let _ = write!(out, "<p class=\"{class}\">{number}{text}</p>");
    }
    out.push_str("</div>");
    out
}

/// Spans with the characters `marks` flags wrapped in its tag, from `offset` on.
fn marked_spans(list: &[Span], marks: &Marks, offset: &mut usize) -> String {
    let mut pieces: Vec<(Span, bool)> = Vec::new();
    for span in list {
        let mut run = String::new();
        let mut run_flag = None;
        for c in span.text.chars() {
            let flag = marks.changed.get(*offset).copied().unwrap_or(false);
            *offset += 1;
            if let Some(previous) = run_flag
                && previous != flag
            {
                let text = std::mem::take(&mut run);
                pieces.push((
                    Span {
                        text,
                        ..span.clone()
                    },
                    previous,
                ));
            }
            run.push(c);
            run_flag = Some(flag);
        }
        if let Some(flag) = run_flag {
            pieces.push((
                Span {
                    text: run,
                    ..span.clone()
                },
                flag,
            ));
        }
    }
    let mut out = String::new();
    for (piece, changed) in &pieces {
        let text = spans(std::slice::from_ref(piece));
        if *changed {
            let _ = write!(out, "<{tag}>{text}</{tag}>", tag = marks.tag);
        } else {
            out.push_str(&text);
        }
    }
    out
}

fn spans(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        let mut text = super::styled(esc(&span.text), span.style);
        if let Some(var) = &span.var {
            text = format!(
                "<span class=\"var{}\" title=\"{}\" data-var=\"{}\">{text}</span>",
                if var.missing { " missing" } else { "" },
                esc(&var.placeholder),
                esc(&var.placeholder)
            );
        }
        out.push_str(&text);
    }
    out
}

fn buttons(row: &ButtonRow) -> String {
    if row.is_empty() {
        return String::new();
    }
    let mut out = String::from("<div class=\"buttons\">");
    for button in &row.shown {
        let detail = button
            .detail
            .as_deref()
            .map(|d| format!("<span class=\"detail\">{}</span>", esc(d)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<div class=\"btn\" data-kind=\"{:?}\">{} <span class=\"label\">{}</span>{detail}</div>",
            button.kind,
            button.kind.icon(),
            esc(&button.label)
        );
    }
    out.push_str("</div>");
    if !row.all_options.is_empty() {
        out.push_str("<div class=\"options\">All options: ");
        let labels: Vec<String> = row
            .all_options
            .iter()
            .map(|b| format!("<span class=\"option\">{}</span>", esc(&b.label)))
            .collect();
        out.push_str(&labels.join(" · "));
        out.push_str("</div>");
    }
    out
}

fn card(card: &CardView, embed: Embed, notes: &mut Vec<String>) -> String {
    let mut out = String::from("<div class=\"card\">");
    if let Some(h) = &card.header {
        out.push_str(&header(h, embed, notes));
    }
    out.push_str("<div class=\"content\">");
    out.push_str(&body(&card.body));
    out.push_str("</div>");
    out.push_str(&buttons(&card.buttons));
    out.push_str("</div>");
    out
}

/// Word runs (from `render::word_diff`) with the changed ones marked as `<del>` or `<ins>`.
pub fn marked_words(runs: &[(bool, String)], tag: &str) -> String {
    let mut out = String::new();
    for (changed, text) in runs {
        if *changed {
            let _ = write!(out, "<{tag}>{}</{tag}>", esc(text));
        } else {
            out.push_str(&esc(text));
        }
    }
    out
}

/// Every template's bubble, grouped by name with its languages side by side. `embed(i, path)`
/// resolves the `file:` sample of the `i`-th preview.
pub fn templates_page(
    title: &str,
    previews: &[Preview],
    embed: &dyn Fn(usize, &str) -> Result<String, String>,
) -> String {
    let mut order: Vec<usize> = (0..previews.len()).collect();
    order.sort_by(|&a, &b| {
        (&previews[a].name, &previews[a].language).cmp(&(&previews[b].name, &previews[b].language))
    });
    let mut content = String::with_capacity(previews.len() * 1500);
    let mut open: Option<&str> = None;
    for i in order {
        let preview = &previews[i];
        if open != Some(preview.name.as_str()) {
            if open.is_some() {
                content.push_str("</div></section>\n");
            }
            let _ = write!(
                content,
                "<section class=\"template\" id=\"{}\"><h2><code>{}</code> <small>{}</small></h2><div class=\"row\">",
                esc(&preview.name),
                esc(&preview.name),
                esc(&preview.category)
            );
            open = Some(preview.name.as_str());
        }
        let _ = write!(
            content,
            "<div class=\"lang\"><p class=\"label\">{}</p>{}</div>",
            esc(&preview.language),
            bubble(preview, &|path| embed(i, path))
        );
    }
    if open.is_some() {
        content.push_str("</div></section>\n");
    }
    page(title, &content)
}

/// What a reader reads of a message, as one text (header, body, footer, buttons, cards):
/// what the word marks of a before/after compare.
pub fn reading(preview: &Preview) -> String {
    use crate::preview::{plain, plain_text};
    let mut parts = Vec::new();
    if let Some(HeaderView::Text(spans)) = &preview.header {
        parts.push(plain(spans));
    }
    if let Some(offer) = &preview.offer {
        parts.push(offer.text.clone());
    }
    parts.push(plain_text(&preview.body));
    if let Some(footer) = &preview.footer {
        parts.push(plain(footer));
    }
    let labels = |row: &ButtonRow| {
        row.every()
            .iter()
            .map(|b| format!("[{}]", b.label))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !preview.buttons.is_empty() {
        parts.push(labels(&preview.buttons));
    }
    for card in &preview.cards {
        parts.push(plain_text(&card.body));
        parts.push(labels(&card.buttons));
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n")
}
