// The sections of a policy document, as its paragraphs number them: 一、 or 一是 (chapter), (一)
// (section), 1. (item), and 一是 under an item (a sub-item, cited `二(二)3(五)`). A paragraph's
// section is the path of the headings above it, written as policies cite it: `二(四)1`.
// Regulations (办法, 细则) number articles 第X条 instead, across chapters 第X章 that citations
// leave out: `第十二条`, its items `第十二条(二)`.
// Full-width brackets and the dot after an item number are read in their usual forms (（一）,
// 1、, 1．). A bulletin holding several articles is cited with the article's name first
// (`冠县二`): a short line naming one of `articles` starts that article, and so does a
// paragraph naming another article than the current one near its start (an article with no
// title line: "今年以来,临清市…").

export interface Paragraph {
  /** `二`, `二(四)`, `二(四)1`; "" before the first heading */
  section: string;
  /** 1-based line of the paragraph */
  line: number;
  /** offset of the paragraph in the document */
  start: number;
  text: string;
}

const NUMERAL = "[一二三四五六七八九十]+";
const CHAPTER = new RegExp(`^\\s*(${NUMERAL})、`);
const ENUMERATION = new RegExp(`^\\s*(${NUMERAL})是`);
const SECTION = new RegExp(`^\\s*[(（](${NUMERAL})[)）]`);
const ITEM = /^\s*(\d+)\s*[.、．](?!\d)/;
/** 第十二条 starts an article; 第二章 a chapter of articles, which citations do not name. */
const ARTICLE = /^\s*(第[一二三四五六七八九十百零〇\d]+条)/;
const PART = /^\s*第[一二三四五六七八九十百零〇\d]+[章节]/;

/** Every non-blank line of the document with the section it belongs to. */
export function paragraphs(text: string, articles: readonly string[] = []): Paragraph[] {
  const out: Paragraph[] = [];
  let article = "", numbered = "", chapter = "", section = "", item = "", sub = "";
  let start = 0;
  text.split("\n").forEach((line, i) => {
    let m: RegExpExecArray | null;
    const heading = CHAPTER.test(line) || ENUMERATION.test(line);
    const title = line.trim().length <= 40 ? articles.find((a) => line.includes(a))
      : heading ? undefined : articles.find((a) => a !== article && line.slice(0, 40).includes(a));
    if (title !== undefined && !heading) [article, numbered, chapter, section, item, sub] = [title, "", "", "", "", ""];
    else if ((m = ARTICLE.exec(line))) [numbered, chapter, section, item, sub] = [m[1]!, "", "", "", ""];
    else if (PART.test(line)) [numbered, chapter, section, item, sub] = ["", "", "", "", ""];
    else if ((m = CHAPTER.exec(line))) [chapter, section, item, sub] = [m[1]!, "", "", ""];
    else if ((m = ENUMERATION.exec(line))) {
      // 一是 under an item enumerates inside it; elsewhere it is a chapter
      if (item !== "") sub = `(${m[1]})`;
      else [chapter, section, item, sub] = [m[1]!, "", "", ""];
    } else if ((m = SECTION.exec(line))) [section, item, sub] = [`(${m[1]})`, "", ""];
    else if ((m = ITEM.exec(line))) [item, sub] = [m[1]!, ""];
    if (line.trim() !== "") out.push({ section: article + numbered + chapter + section + item + sub, line: i + 1, start, text: line });
    start += line.length + 1;
  });
  return out;
}

/** Whether a citation (`二(四)`, `二(四)1-2`, `四(一)`) covers a document section: the section
 *  itself, anything under it, and each item of an item range. */
export function covers(written: string, section: string): boolean {
  // §第七条（四） is written with a Chinese keyboard's brackets; sections are numbered with ASCII ones
  const citation = written.replace(/（/g, "(").replace(/）/g, ")");
  const range = /^(.*?)(\d+)-(\d+)$/.exec(citation);
  if (range) {
    const [, head, from, to] = range;
    // item numbers: small integers, not money
    for (let n = parseInt(from!, 10); n <= parseInt(to!, 10); n++) if (covers(`${head}${n}`, section)) return true;
    return false;
  }
  if (citation === "" || !section.startsWith(citation)) return false;
  const rest = section.slice(citation.length);
  // `二(四)1` is under `二(四)`, but `二(四)12` is not under `二(四)1`
  return rest === "" || rest.startsWith("(") || (/^\d/.test(rest) && !/\d$/.test(citation));
}
