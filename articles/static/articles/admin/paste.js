// Paste from Word, Google Docs and web pages: structure kept (paragraphs, headings, lists, links,
// bold and italic), presentation dropped (fonts, colours, sizes, spans, classes). The editor's
// schema already refuses what it does not know; this turns the styles that *mean* bold or italic
// into <strong>/<em> first, and unwraps Google Docs' <b style="font-weight:normal"> wrapper.
import { Extension, Plugin } from "django-prose-editor/editor"

const HEADING = { H1: "h2", H5: "h4", H6: "h4" }

function rename(element, tag) {
  const replacement = element.ownerDocument.createElement(tag)
  replacement.append(...element.childNodes)
  element.replaceWith(replacement)
  return replacement
}

function unwrap(element) {
  element.replaceWith(...element.childNodes)
}

export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(html, "text/html")
  const body = doc.body
  for (const node of body.querySelectorAll("style, script, meta, link, title, xml, o\\:p")) node.remove()
  // Google Docs wraps the whole selection in a <b> that is not bold.
  for (const b of body.querySelectorAll("b[id^='docs-internal-guid'], b[style*='font-weight:normal' i], b[style*='font-weight: normal' i]")) {
    unwrap(b)
  }
  // Read styles as text: the admin's Content-Security-Policy keeps a parsed document's style
  // attributes from applying, so element.style is empty.
  for (const element of [...body.querySelectorAll("span, font")]) {
    const style = (element.getAttribute("style") || "").toLowerCase()
    const weight = /font-weight\s*:\s*(bold|bolder|[6-9]00)/.test(style)
    const italic = /font-style\s*:\s*italic/.test(style)
    if (weight && italic) {
      const em = doc.createElement("em")
      em.append(...element.childNodes)
      element.append(em)
    }
    if (weight) rename(element, "strong")
    else if (italic) rename(element, "em")
    else unwrap(element)
  }
  for (const [from, to] of Object.entries(HEADING)) {
    for (const heading of [...body.querySelectorAll(from)]) rename(heading, to)
  }
  for (const element of body.querySelectorAll("*")) {
    for (const attribute of [...element.attributes]) {
      if (!["href", "dir", "lang", "start", "colspan", "rowspan"].includes(attribute.name)) {
        element.removeAttribute(attribute.name)
      }
    }
  }
  return body.innerHTML
}

export const PasteCleanup = Extension.create({
  name: "pasteCleanup",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: cleanPastedHTML } })]
  },
})
