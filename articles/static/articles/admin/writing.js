// The writing screen around each body editor: word and character count, reading time, and the
// autosave of what is typed (articles/autosave.py keeps one record per user and article).
const WORDS_PER_MINUTE = 200
const AUTOSAVE_EVERY_MS = 5000

function count(text) {
  const words = (text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{M}\p{N}]+)*/gu) || []).length
  const characters = [...text.replace(/\s+/g, " ").trim()].length
  return { words, characters, minutes: Math.max(1, Math.ceil(words / WORDS_PER_MINUTE)) }
}

function plural(n, one, two, few, many) {
  if (n === 1) return one
  if (n === 2) return two
  if (n % 100 >= 3 && n % 100 <= 10) return few.replace("%s", n)
  return many.replace("%s", n)
}

function statusBar(textarea) {
  const bar = document.createElement("div")
  bar.className = "writing-status"
  bar.setAttribute("aria-live", "polite")
  bar.dataset.for = textarea.name
  const parts = {}
  for (const name of ["words", "characters", "reading", "saved"]) {
    parts[name] = document.createElement("span")
    parts[name].className = `writing-status__${name}`
    bar.append(parts[name])
  }
  textarea.closest(".rich-text").after(bar)
  return parts
}

function showCounts(parts, editor) {
  const { words, characters, minutes } = count(editor.getText())
  parts.words.textContent = plural(words, "كلمة واحدة", "كلمتان", "%s كلمات", "%s كلمة")
  parts.words.dataset.value = words
  parts.characters.textContent = plural(characters, "حرف واحد", "حرفان", "%s أحرف", "%s حرفًا")
  parts.characters.dataset.value = characters
  parts.reading.textContent = `القراءة: ${plural(minutes, "دقيقة واحدة", "دقيقتان", "%s دقائق", "%s دقيقة")}`
  parts.reading.dataset.value = minutes
}

// --- Autosave --------------------------------------------------------------------------------

const config = document.getElementById("autosave-config")
const autosave = config ? JSON.parse(config.textContent) : null
const editors = new Map() // field name → editor
let dirty = false
let timer = null
let lastSent = ""

function snapshot() {
  const fields = {}
  for (const [name, editor] of editors) fields[name] = editor.getHTML()
  return JSON.stringify(fields)
}

function payload(fields) {
  const data = new FormData()
  data.append("csrfmiddlewaretoken", document.querySelector("input[name=csrfmiddlewaretoken]")?.value || "")
  data.append("fields", fields)
  return data
}

async function save() {
  timer = null
  const fields = snapshot()
  if (!dirty || fields === lastSent) return
  dirty = false
  try {
    const response = await fetch(autosave.url, { method: "POST", body: payload(fields), credentials: "same-origin" })
    const answer = await response.json()
    if (response.ok) {
      lastSent = fields
      for (const parts of bars.values()) parts.saved.textContent = answer.message
    } else {
      dirty = true
      for (const parts of bars.values()) parts.saved.textContent = answer.error || ""
    }
  } catch {
    dirty = true // offline: the next keystroke or leaving the page tries again
  }
}

function changed() {
  dirty = true
  if (autosave && !timer) timer = setTimeout(save, AUTOSAVE_EVERY_MS)
}

function leaving() {
  if (!autosave || !dirty) return
  const fields = snapshot()
  if (fields !== lastSent && navigator.sendBeacon(autosave.url, payload(fields))) {
    lastSent = fields
    dirty = false
  }
}

function offerRestore() {
  if (!autosave?.draft) return
  const offer = document.createElement("div")
  offer.className = "autosave-offer"
  offer.setAttribute("role", "alert")
  const text = document.createElement("span")
  text.textContent = autosave.draft.message
  const restore = document.createElement("button")
  restore.type = "button"
  restore.className = "autosave-offer__restore"
  restore.textContent = "استرجاع النص"
  const discard = document.createElement("button")
  discard.type = "button"
  discard.className = "autosave-offer__discard"
  discard.textContent = "تجاهله"
  offer.append(text, restore, discard)
  restore.addEventListener("click", () => {
    for (const [name, html] of Object.entries(autosave.draft.fields)) {
      editors.get(name)?.commands.setContent(html, { emitUpdate: true })
    }
    offer.remove()
    changed()
  })
  discard.addEventListener("click", async () => {
    offer.remove()
    await fetch(autosave.url, { method: "POST", body: payload(""), credentials: "same-origin" })
  })
  document.querySelector(".rich-text")?.closest("fieldset")?.before(offer)
}

const bars = new Map()
let expected = document.querySelectorAll(".rich-text textarea").length

document.addEventListener("prose-editor:ready", (event) => {
  const { editor, textarea } = event.detail
  if (!textarea.closest(".rich-text")) return
  const parts = statusBar(textarea)
  bars.set(textarea.name, parts)
  editors.set(textarea.name, editor)
  showCounts(parts, editor)
  editor.on("update", () => {
    showCounts(parts, editor)
    changed()
  })
  if (--expected === 0) {
    lastSent = snapshot()
    offerRestore()
  }
})

if (autosave) {
  window.addEventListener("pagehide", leaving)
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && leaving())
  // A form sent normally needs no autosave after it.
  document.querySelector("#article_form")?.addEventListener("submit", () => {
    clearTimeout(timer)
    dirty = false
  })
}
