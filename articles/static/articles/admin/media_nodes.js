// The body editor's media nodes: image and gallery from the library, embed from a pasted URL.
// Each is an atom stored exactly as the body-markup contract says (docs/architecture.md):
//   <figure data-image="42" data-size="medium" data-align="center" [data-credit="…"]><figcaption>…</figcaption></figure>
//   <figure data-gallery="4,7,9"><figcaption>…</figcaption></figure>
//   <figure data-embed="17"></figure>
// Thumbnails and titles shown in the editor are kept in attributes that are never stored.
import { Node } from "django-prose-editor/editor"

const SIZES = [
  ["small", "صغيرة"],
  ["medium", "متوسطة"],
  ["wide", "عريضة"],
  ["full", "بعرض الصفحة"],
]
const ALIGNS = [
  ["start", "في بداية السطر"],
  ["center", "في الوسط"],
  ["end", "في نهاية السطر"],
]

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

async function postForm(url, data) {
  const response = await fetch(url, {
    method: "POST",
    body: data,
    credentials: "same-origin",
    headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
  })
  let json = {}
  try {
    json = await response.json()
  } catch {
    json = { error: "تعذّر الاتصال بالخادم. أعد المحاولة." }
  }
  if (!response.ok) throw new Error(json.error || "تعذّر الاتصال بالخادم. أعد المحاولة.")
  return json
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value)
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value)
  }
  node.append(...children.filter(Boolean))
  return node
}

function select(name, choices, current) {
  return el(
    "select",
    { name },
    ...choices.map(([value, label]) => el("option", { value, selected: value === current || null, text: label })),
  )
}

// One modal dialog at a time, in the editor's direction; resolves with the form's values or null.
function openDialog(editor, title, build) {
  return new Promise((resolve) => {
    const dir = editor.view.dom.closest("[dir]")?.getAttribute("dir") || document.dir || "rtl"
    const form = el("form", { method: "dialog", class: "media-dialog__form" })
    const message = el("p", { class: "media-dialog__error", role: "alert" })
    const dialog = el("dialog", { class: "media-dialog", dir }, el("h2", { text: title }), message, form)
    const state = { message, resolve: null }
    const done = (value) => {
      dialog.close()
      dialog.remove()
      resolve(value)
    }
    state.done = done
    build(form, state)
    form.append(
      el(
        "div",
        { class: "media-dialog__actions" },
        el("button", { type: "submit", class: "default", value: "ok", text: "إدراج" }),
        el("button", { type: "button", value: "cancel", text: "إلغاء", onclick: () => done(null) }),
      ),
    )
    form.addEventListener("submit", async (event) => {
      event.preventDefault()
      message.textContent = ""
      try {
        const value = await state.submit()
        if (value) done(value)
      } catch (error) {
        message.textContent = error.message
      }
    })
    dialog.addEventListener("cancel", () => done(null))
    document.body.append(dialog)
    dialog.showModal()
    dialog.querySelector("input, select, button")?.focus()
  })
}

// The library: search results as buttons; `pick(image)` is called with the chooser's JSON.
function librarySearch(options, pick, state) {
  const results = el("div", { class: "media-dialog__results", role: "list" })
  const search = el("input", { type: "search", name: "q", placeholder: "ابحث في مكتبة الصور…", dir: "auto" })
  async function load() {
    const url = `${options.imageChooserUrl}?${new URLSearchParams({ q: search.value })}`
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      const data = await response.json()
      if (!response.ok) throw new Error(data.error || "تعذّر تحميل المكتبة.")
      results.replaceChildren(
        ...data.results.map((image) =>
          el(
            "button",
            { type: "button", class: "media-dialog__result", "data-image-id": image.id, role: "listitem", onclick: () => pick(image) },
            el("img", { src: image.thumbnail, alt: "", width: 96, height: 64 }),
            el("span", { dir: "auto", text: image.title || `#${image.id}` }),
          ),
        ),
      )
      if (!data.results.length) results.append(el("p", { text: "لا صور مطابقة." }))
    } catch (error) {
      state.message.textContent = error.message
    }
  }
  let timer
  search.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(load, 250)
  })
  search.addEventListener("keydown", (event) => event.key === "Enter" && event.preventDefault())
  load()
  return [search, results]
}

function uploadField(options, pick, state) {
  const file = el("input", { type: "file", name: "file", accept: "image/jpeg,image/png,image/webp" })
  const credit = el("input", { type: "text", name: "upload_credit", placeholder: "التصوير (اختياري)", dir: "auto" })
  const button = el("button", {
    type: "button",
    class: "media-dialog__upload",
    text: "رفع إلى المكتبة",
    onclick: async () => {
      if (!file.files.length) {
        state.message.textContent = "اختر ملف صورة أولًا."
        return
      }
      const data = new FormData()
      data.append("file", file.files[0])
      data.append("credit", credit.value)
      button.disabled = true
      try {
        pick(await postForm(options.imageUploadUrl, data))
      } catch (error) {
        state.message.textContent = error.message
      } finally {
        button.disabled = false
      }
    },
  })
  return el("fieldset", {}, el("legend", { text: "أو ارفع صورة جديدة" }), file, credit, button)
}

function label(text, control) {
  return el("label", {}, el("span", { text }), control)
}

function nodeBox(className, ...children) {
  return el("div", { class: `media-node ${className}`, contenteditable: "false" }, ...children)
}

const figcaption = (caption) => (caption ? [["figcaption", {}, caption]] : [])
const captionOf = (element) => element.querySelector("figcaption")?.textContent.trim() || ""

export const NewsImage = Node.create({
  name: "newsImage",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { imageChooserUrl: "", imageUploadUrl: "" }
  },
  addAttributes() {
    return {
      id: { default: null },
      size: { default: "medium" },
      align: { default: "center" },
      credit: { default: "" },
      caption: { default: "" },
      thumbnail: { default: "", rendered: false },
      title: { default: "", rendered: false },
    }
  },
  parseHTML() {
    return [
      {
        tag: "figure[data-image]",
        getAttrs: (element) => ({
          id: element.dataset.image,
          size: element.dataset.size || "medium",
          align: element.dataset.align || "center",
          credit: element.dataset.credit || "",
          caption: captionOf(element),
        }),
      },
    ]
  },
  renderHTML({ node }) {
    const { id, size, align, credit, caption } = node.attrs
    const attrs = { "data-image": id, "data-size": size, "data-align": align }
    if (credit) attrs["data-credit"] = credit
    return ["figure", attrs, ...figcaption(caption)]
  },
  addNodeView() {
    return ({ node, editor, getPos }) => {
      const { id, thumbnail, title, caption, size, align } = node.attrs
      const dom = nodeBox(
        `media-node--image media-node--${size} media-node--${align}`,
        thumbnail ? el("img", { src: thumbnail, alt: "" }) : el("span", { class: "media-node__icon", text: "🖼" }),
        el("span", { dir: "auto", text: caption || title || `صورة من المكتبة #${id}` }),
      )
      dom.dataset.image = id
      dom.addEventListener("dblclick", () => editImage(editor, this.options, node.attrs, getPos()))
      return { dom }
    }
  },
  addCommands() {
    return {
      insertNewsImage:
        (attrs) =>
        ({ commands, state }) =>
          // After the selection, never over it: a just-inserted figure stays selected.
          commands.insertContentAt(state.selection.to, { type: this.name, attrs }),
    }
  },
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "newsImage",
      groups: "nodes",
      button: buttons.material("image", "صورة من المكتبة"),
      command: (editor) => editImage(editor, this.options, null, null),
    })
  },
})

async function editImage(editor, options, current, position) {
  const values = await openDialog(editor, "صورة", (form, state) => {
    let chosen = current ? { ...current } : null
    const preview = el("p", { class: "media-dialog__chosen", dir: "auto" })
    const show = () => {
      preview.replaceChildren(
        chosen ? el("span", { text: `المختارة: ${chosen.title || `#${chosen.id}`}` }) : el("span", { text: "لم تُختر صورة بعد." }),
      )
    }
    const pick = (image) => {
      chosen = { ...(chosen || {}), id: String(image.id), thumbnail: image.thumbnail, title: image.title }
      if (!form.elements.credit.value && image.credit) form.elements.credit.placeholder = image.credit
      show()
    }
    show()
    const [search, results] = librarySearch(options, pick, state)
    form.append(
      search,
      results,
      uploadField(options, pick, state),
      preview,
      label("التعليق", el("input", { type: "text", name: "caption", value: current?.caption || "", dir: "auto" })),
      label("التصوير (يترك فارغًا ليؤخذ من المكتبة)", el("input", { type: "text", name: "credit", value: current?.credit || "", dir: "auto" })),
      label("الحجم", select("size", SIZES, current?.size || "medium")),
      label("المحاذاة", select("align", ALIGNS, current?.align || "center")),
    )
    state.submit = () => {
      if (!chosen) throw new Error("اختر صورة من المكتبة أو ارفع واحدة.")
      const f = form.elements
      return { ...chosen, caption: f.caption.value.trim(), credit: f.credit.value.trim(), size: f.size.value, align: f.align.value }
    }
  })
  if (!values) return
  if (position === null) editor.chain().focus().insertNewsImage(values).run()
  else editor.chain().focus().command(({ tr }) => tr.setNodeMarkup(position, undefined, values)).run()
}

export const NewsGallery = Node.create({
  name: "newsGallery",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { imageChooserUrl: "", imageUploadUrl: "" }
  },
  addAttributes() {
    return {
      ids: { default: "" },
      caption: { default: "" },
      thumbnails: { default: [], rendered: false },
    }
  },
  parseHTML() {
    return [
      {
        tag: "figure[data-gallery]",
        getAttrs: (element) => ({ ids: element.dataset.gallery, caption: captionOf(element) }),
      },
    ]
  },
  renderHTML({ node }) {
    return ["figure", { "data-gallery": node.attrs.ids }, ...figcaption(node.attrs.caption)]
  },
  addNodeView() {
    return ({ node, editor, getPos }) => {
      const ids = node.attrs.ids.split(",").filter(Boolean)
      const thumbs = node.attrs.thumbnails || []
      const dom = nodeBox(
        "media-node--gallery",
        el("span", { class: "media-node__icon", text: "🖼🖼" }),
        ...thumbs.map((src) => el("img", { src, alt: "" })),
        el("span", { dir: "auto", text: `${node.attrs.caption || "معرض صور"} (${ids.length})` }),
      )
      dom.dataset.gallery = node.attrs.ids
      dom.addEventListener("dblclick", () => editGallery(editor, this.options, node.attrs, getPos()))
      return { dom }
    }
  },
  addCommands() {
    return {
      insertNewsGallery:
        (attrs) =>
        ({ commands, state }) =>
          // After the selection, never over it: a just-inserted figure stays selected.
          commands.insertContentAt(state.selection.to, { type: this.name, attrs }),
    }
  },
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "newsGallery",
      groups: "nodes",
      button: buttons.material("photo_library", "معرض صور"),
      command: (editor) => editGallery(editor, this.options, null, null),
    })
  },
})

async function editGallery(editor, options, current, position) {
  const values = await openDialog(editor, "معرض صور", (form, state) => {
    // [{id, title, thumbnail}] in display order
    const chosen = (current?.ids || "").split(",").filter(Boolean).map((id) => ({ id, title: `#${id}`, thumbnail: "" }))
    const list = el("ol", { class: "media-dialog__order" })
    const move = (index, by) => {
      const target = index + by
      if (target < 0 || target >= chosen.length) return
      ;[chosen[index], chosen[target]] = [chosen[target], chosen[index]]
      draw()
    }
    const draw = () => {
      list.replaceChildren(
        ...chosen.map((image, index) =>
          el(
            "li",
            { "data-image-id": image.id },
            image.thumbnail ? el("img", { src: image.thumbnail, alt: "", width: 48, height: 32 }) : null,
            el("span", { dir: "auto", text: image.title }),
            el("button", { type: "button", class: "media-dialog__up", "aria-label": "قبل", text: "▲", onclick: () => move(index, -1) }),
            el("button", { type: "button", class: "media-dialog__down", "aria-label": "بعد", text: "▼", onclick: () => move(index, 1) }),
            el("button", { type: "button", class: "media-dialog__remove", "aria-label": "حذف", text: "✕", onclick: () => (chosen.splice(index, 1), draw()) }),
          ),
        ),
      )
    }
    const pick = (image) => {
      if (!chosen.some((item) => item.id === String(image.id))) {
        chosen.push({ id: String(image.id), title: image.title || `#${image.id}`, thumbnail: image.thumbnail })
        draw()
      }
    }
    draw()
    const [search, results] = librarySearch(options, pick, state)
    form.append(
      search,
      results,
      uploadField(options, pick, state),
      el("p", { text: "ترتيب العرض:" }),
      list,
      label("التعليق", el("input", { type: "text", name: "caption", value: current?.caption || "", dir: "auto" })),
    )
    state.submit = () => {
      if (chosen.length < 2) throw new Error("اختر صورتين على الأقل للمعرض.")
      return {
        ids: chosen.map((image) => image.id).join(","),
        caption: form.elements.caption.value.trim(),
        thumbnails: chosen.map((image) => image.thumbnail).filter(Boolean).slice(0, 4),
      }
    }
  })
  if (!values) return
  if (position === null) editor.chain().focus().insertNewsGallery(values).run()
  else editor.chain().focus().command(({ tr }) => tr.setNodeMarkup(position, undefined, values)).run()
}

export const NewsEmbed = Node.create({
  name: "newsEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { embedChooserUrl: "" }
  },
  addAttributes() {
    return {
      id: { default: null },
      provider: { default: "", rendered: false },
      title: { default: "", rendered: false },
      thumbnail: { default: "", rendered: false },
    }
  },
  parseHTML() {
    return [{ tag: "figure[data-embed]", getAttrs: (element) => ({ id: element.dataset.embed }) }]
  },
  renderHTML({ node }) {
    return ["figure", { "data-embed": node.attrs.id }]
  },
  addNodeView() {
    return ({ node }) => {
      const { id, provider, title, thumbnail } = node.attrs
      const dom = nodeBox(
        "media-node--embed",
        thumbnail ? el("img", { src: thumbnail, alt: "" }) : el("span", { class: "media-node__icon", text: "▶" }),
        el("span", { dir: "auto", text: title || `تضمين #${id}` }),
        provider ? el("small", { text: provider }) : null,
      )
      dom.dataset.embed = id
      return { dom }
    }
  },
  addCommands() {
    return {
      insertNewsEmbed:
        (attrs) =>
        ({ commands, state }) =>
          // After the selection, never over it: a just-inserted figure stays selected.
          commands.insertContentAt(state.selection.to, { type: this.name, attrs }),
    }
  },
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "newsEmbed",
      groups: "nodes",
      button: buttons.material("smart_display", "تضمين فيديو أو منشور"),
      command: (editor) => chooseEmbed(editor, this.options),
    })
  },
})

async function chooseEmbed(editor, options) {
  const values = await openDialog(editor, "تضمين", (form, state) => {
    const url = el("input", { type: "url", name: "url", required: true, dir: "ltr", placeholder: "https://www.youtube.com/watch?v=…" })
    form.append(
      label("الصق رابط الفيديو أو المنشور (يوتيوب، فيسبوك، X، إنستغرام، تيك توك، ساوندكلاود، خرائط غوغل)", url),
    )
    state.submit = async () => {
      const data = new FormData()
      data.append("url", url.value.trim())
      const embed = await postForm(options.embedChooserUrl, data)
      return { id: String(embed.id), provider: embed.provider, title: embed.title, thumbnail: embed.thumbnail || "" }
    }
  })
  if (values) editor.chain().focus().insertNewsEmbed(values).run()
}
