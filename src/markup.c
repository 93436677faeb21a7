/*
 * markup.c - HTML and XML markup in text: tags and comments, which
 * separate words, and character references, which stand for the
 * character they name.  RSS descriptions and crawled pages carry both.
 *
 * Plain text holds '<' and '&' too ("a < b", "x<y then y>z", "AT&T"),
 * so the rules are narrow.  A tag is '<' or "</", the name of an HTML
 * or RSS element (or a name with a ':', as XML namespaces have), then
 * '>', "/>", or white space and attributes (with a '=' among them) up
 * to a '>' within TAG_MAX bytes, before any other '<'.  A comment is
 * "<!--" to "-->", within COMMENT_MAX bytes.  A named reference ends
 * with ';' and is one of HTML 4's names; a numeric one is decimal or hex.
 */
#include <string.h>

#include "internal.h"

/* The most bytes a tag, and a comment, may span. */
#define TAG_MAX 2048u
#define COMMENT_MAX 65536u
/* Longest name of the tables below. */
#define NAME_MAX_LEN 8u
#define ELEMENT_MAX_LEN 13u

/* The elements of HTML (4 and 5) and of RSS and Atom feeds, in lower
   case, sorted. */
static const char elements[][ELEMENT_MAX_LEN + 1] = {
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside",
    "audio", "author", "b", "base", "basefont", "bdi", "bdo", "big", "blink",
    "blockquote", "body", "br", "button", "canvas", "caption", "category",
    "center", "channel", "cite", "code", "col", "colgroup", "comments",
    "content", "data", "datalist", "dd", "del", "description", "details",
    "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "enclosure",
    "entry", "feed", "fieldset", "figcaption", "figure", "font", "footer",
    "form", "frame", "frameset", "generator", "guid", "h1", "h2", "h3", "h4",
    "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe",
    "img", "input", "ins", "item", "kbd", "label", "lastbuilddate", "legend",
    "li", "link", "main", "map", "mark", "marquee", "math", "menu", "meta",
    "meter", "nav", "nobr", "noembed", "noframes", "noscript", "object", "ol",
    "optgroup", "option", "output", "p", "param", "picture", "pre",
    "progress", "pubdate", "published", "q", "rights", "rp", "rss", "rt",
    "ruby", "s", "samp", "script", "section", "select", "small", "source",
    "span", "strike", "strong", "style", "sub", "subtitle", "summary", "sup",
    "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th",
    "thead", "time", "title", "tr", "track", "tt", "u", "ul", "updated",
    "var", "video", "wbr",
};

/* HTML 4.01's named character references, and XML's &apos;, sorted by
   name in byte order. */
static const struct entity {
    char name[NAME_MAX_LEN + 1];
    uint32_t cp;
} entities[] = {
    {"AElig", 0xC6}, {"Aacute", 0xC1}, {"Acirc", 0xC2}, {"Agrave", 0xC0},
    {"Alpha", 0x391}, {"Aring", 0xC5}, {"Atilde", 0xC3}, {"Auml", 0xC4},
    {"Beta", 0x392}, {"Ccedil", 0xC7}, {"Chi", 0x3A7}, {"Dagger", 0x2021},
    {"Delta", 0x394}, {"ETH", 0xD0}, {"Eacute", 0xC9}, {"Ecirc", 0xCA},
    {"Egrave", 0xC8}, {"Epsilon", 0x395}, {"Eta", 0x397}, {"Euml", 0xCB},
    {"Gamma", 0x393}, {"Iacute", 0xCD}, {"Icirc", 0xCE}, {"Igrave", 0xCC},
    {"Iota", 0x399}, {"Iuml", 0xCF}, {"Kappa", 0x39A}, {"Lambda", 0x39B},
    {"Mu", 0x39C}, {"Ntilde", 0xD1}, {"Nu", 0x39D}, {"OElig", 0x152},
    {"Oacute", 0xD3}, {"Ocirc", 0xD4}, {"Ograve", 0xD2}, {"Omega", 0x3A9},
    {"Omicron", 0x39F}, {"Oslash", 0xD8}, {"Otilde", 0xD5}, {"Ouml", 0xD6},
    {"Phi", 0x3A6}, {"Pi", 0x3A0}, {"Prime", 0x2033}, {"Psi", 0x3A8},
    {"Rho", 0x3A1}, {"Scaron", 0x160}, {"Sigma", 0x3A3}, {"THORN", 0xDE},
    {"Tau", 0x3A4}, {"Theta", 0x398}, {"Uacute", 0xDA}, {"Ucirc", 0xDB},
    {"Ugrave", 0xD9}, {"Upsilon", 0x3A5}, {"Uuml", 0xDC}, {"Xi", 0x39E},
    {"Yacute", 0xDD}, {"Yuml", 0x178}, {"Zeta", 0x396}, {"aacute", 0xE1},
    {"acirc", 0xE2}, {"acute", 0xB4}, {"aelig", 0xE6}, {"agrave", 0xE0},
    {"alefsym", 0x2135}, {"alpha", 0x3B1}, {"amp", 0x26}, {"and", 0x2227},
    {"ang", 0x2220}, {"apos", 0x27}, {"aring", 0xE5}, {"asymp", 0x2248},
    {"atilde", 0xE3}, {"auml", 0xE4}, {"bdquo", 0x201E}, {"beta", 0x3B2},
    {"brvbar", 0xA6}, {"bull", 0x2022}, {"cap", 0x2229}, {"ccedil", 0xE7},
    {"cedil", 0xB8}, {"cent", 0xA2}, {"chi", 0x3C7}, {"circ", 0x2C6},
    {"clubs", 0x2663}, {"cong", 0x2245}, {"copy", 0xA9}, {"crarr", 0x21B5},
    {"cup", 0x222A}, {"curren", 0xA4}, {"dArr", 0x21D3}, {"dagger", 0x2020},
    {"darr", 0x2193}, {"deg", 0xB0}, {"delta", 0x3B4}, {"diams", 0x2666},
    {"divide", 0xF7}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"egrave", 0xE8},
    {"empty", 0x2205}, {"emsp", 0x2003}, {"ensp", 0x2002}, {"epsilon", 0x3B5},
    {"equiv", 0x2261}, {"eta", 0x3B7}, {"eth", 0xF0}, {"euml", 0xEB},
    {"euro", 0x20AC}, {"exist", 0x2203}, {"fnof", 0x192}, {"forall", 0x2200},
    {"frac12", 0xBD}, {"frac14", 0xBC}, {"frac34", 0xBE}, {"frasl", 0x2044},
    {"gamma", 0x3B3}, {"ge", 0x2265}, {"gt", 0x3E}, {"hArr", 0x21D4},
    {"harr", 0x2194}, {"hearts", 0x2665}, {"hellip", 0x2026},
    {"iacute", 0xED}, {"icirc", 0xEE}, {"iexcl", 0xA1}, {"igrave", 0xEC},
    {"image", 0x2111}, {"infin", 0x221E}, {"int", 0x222B}, {"iota", 0x3B9},
    {"iquest", 0xBF}, {"isin", 0x2208}, {"iuml", 0xEF}, {"kappa", 0x3BA},
    {"lArr", 0x21D0}, {"lambda", 0x3BB}, {"lang", 0x2329}, {"laquo", 0xAB},
    {"larr", 0x2190}, {"lceil", 0x2308}, {"ldquo", 0x201C}, {"le", 0x2264},
    {"lfloor", 0x230A}, {"lowast", 0x2217}, {"loz", 0x25CA}, {"lrm", 0x200E},
    {"lsaquo", 0x2039}, {"lsquo", 0x2018}, {"lt", 0x3C}, {"macr", 0xAF},
    {"mdash", 0x2014}, {"micro", 0xB5}, {"middot", 0xB7}, {"minus", 0x2212},
    {"mu", 0x3BC}, {"nabla", 0x2207}, {"nbsp", 0xA0}, {"ndash", 0x2013},
    {"ne", 0x2260}, {"ni", 0x220B}, {"not", 0xAC}, {"notin", 0x2209},
    {"nsub", 0x2284}, {"ntilde", 0xF1}, {"nu", 0x3BD}, {"oacute", 0xF3},
    {"ocirc", 0xF4}, {"oelig", 0x153}, {"ograve", 0xF2}, {"oline", 0x203E},
    {"omega", 0x3C9}, {"omicron", 0x3BF}, {"oplus", 0x2295}, {"or", 0x2228},
    {"ordf", 0xAA}, {"ordm", 0xBA}, {"oslash", 0xF8}, {"otilde", 0xF5},
    {"otimes", 0x2297}, {"ouml", 0xF6}, {"para", 0xB6}, {"part", 0x2202},
    {"permil", 0x2030}, {"perp", 0x22A5}, {"phi", 0x3C6}, {"pi", 0x3C0},
    {"piv", 0x3D6}, {"plusmn", 0xB1}, {"pound", 0xA3}, {"prime", 0x2032},
    {"prod", 0x220F}, {"prop", 0x221D}, {"psi", 0x3C8}, {"quot", 0x22},
    {"rArr", 0x21D2}, {"radic", 0x221A}, {"rang", 0x232A}, {"raquo", 0xBB},
    {"rarr", 0x2192}, {"rceil", 0x2309}, {"rdquo", 0x201D}, {"real", 0x211C},
    {"reg", 0xAE}, {"rfloor", 0x230B}, {"rho", 0x3C1}, {"rlm", 0x200F},
    {"rsaquo", 0x203A}, {"rsquo", 0x2019}, {"sbquo", 0x201A},
    {"scaron", 0x161}, {"sdot", 0x22C5}, {"sect", 0xA7}, {"shy", 0xAD},
    {"sigma", 0x3C3}, {"sigmaf", 0x3C2}, {"sim", 0x223C}, {"spades", 0x2660},
    {"sub", 0x2282}, {"sube", 0x2286}, {"sum", 0x2211}, {"sup", 0x2283},
    {"sup1", 0xB9}, {"sup2", 0xB2}, {"sup3", 0xB3}, {"supe", 0x2287},
    {"szlig", 0xDF}, {"tau", 0x3C4}, {"there4", 0x2234}, {"theta", 0x3B8},
    {"thetasym", 0x3D1}, {"thinsp", 0x2009}, {"thorn", 0xFE},
    {"tilde", 0x2DC}, {"times", 0xD7}, {"trade", 0x2122}, {"uArr", 0x21D1},
    {"uacute", 0xFA}, {"uarr", 0x2191}, {"ucirc", 0xFB}, {"ugrave", 0xF9},
    {"uml", 0xA8}, {"upsih", 0x3D2}, {"upsilon", 0x3C5}, {"uuml", 0xFC},
    {"weierp", 0x2118}, {"xi", 0x3BE}, {"yacute", 0xFD}, {"yen", 0xA5},
    {"yuml", 0xFF}, {"zeta", 0x3B6}, {"zwj", 0x200D}, {"zwnj", 0x200C},
};

/* What &#128; to &#159; stand for: HTML reads them as windows-1252, as
   old feeds meant them. */
static const uint16_t cp1252[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* An ASCII letter. */
static bool
is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* White space between a tag's attributes. */
static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The first "-->" in [p, end), or NULL. */
static const char *
find_close(const char *p, const char *end)
{
    while (end - p >= 3) {
        const char *gt = memchr(p + 2, '>', (size_t)(end - p - 2));

        if (gt == NULL)
            return NULL;
        if (gt[-1] == '-' && gt[-2] == '-')
            return gt - 2;
        p = gt - 1;
    }
    return NULL;
}

/*
 * The offset of the first "-->" that starts at or after from and before
 * limit, or 0.  The memo remembers that none starts in [lo, hi), and
 * whether one starts at hi, so that a text of many "<!--" without an end
 * is searched once, not once per "<!--".
 */
static size_t
comment_close(const char *s, size_t len, size_t from, size_t limit,
    ndci_markup *memo)
{
    size_t at = from;
    const char *hit;

    if (from >= memo->lo && from <= memo->hi) {
        if (memo->hit)
            return memo->hi < limit ? memo->hi : 0;
        at = memo->hi;
    } else {
        memo->lo = from;
    }
    if (limit > len)
        limit = len;
    hit = at < limit ? find_close(s + at,
        s + (limit + 2 < len ? limit + 2 : len)) : NULL;
    memo->hit = hit != NULL;
    memo->hi = hit != NULL ? (size_t)(hit - s) : limit > at ? limit : at;
    return hit != NULL ? memo->hi : 0;
}

/* Whether the n bytes at s name an element (any case), or hold a ':'. */
static bool
known_name(const unsigned char *s, size_t n)
{
    char name[ELEMENT_MAX_LEN + 1];
    size_t k, lo = 0, hi = sizeof(elements) / sizeof(elements[0]);

    if (memchr(s, ':', n) != NULL)
        return true;
    if (n > ELEMENT_MAX_LEN)
        return false;
    for (k = 0; k < n; k++)
        name[k] = (char)(s[k] | 0x20);
    name[n] = '\0';
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, elements[mid]);

        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

/*
 * The offset just past the '>' that ends the tag whose attributes start
 * at s[p], or 0: it must come within TAG_MAX bytes of the '<' at s[i]
 * and before any other '<' (which also makes the searches of a text
 * cost O(len) in all: each stops at the next '<').  With need_eq, the
 * attributes need a '=' among them ("<b and c>" is text), but for white
 * space and '/'.  A '>' in quotes after a '=' does not end the tag.
 */
static size_t
tag_end(const unsigned char *s, size_t len, size_t i, size_t p,
    bool need_eq)
{
    size_t end = len - i > TAG_MAX ? i + TAG_MAX : len;
    unsigned char quote = 0, prev = 0;
    bool eq = false, other = false;

    for (; p < end; p++) {
        unsigned char c = s[p];

        if (c == '<')
            return 0;
        if (quote != 0) {
            quote = c == quote ? 0 : quote;
            continue;
        }
        if (c == '>')
            return eq || !other || !need_eq ? p + 1 : 0;
        if ((c == '"' || c == '\'') && prev == '=')
            quote = c;
        eq = eq || c == '=';
        other = other || !(is_space(c) || c == '/');
        if (!is_space(c))
            prev = c;
    }
    return 0;
}

/* A comment, CDATA mark, or declaration at s[i] ("<!"): its length. */
static size_t
bang_len(const unsigned char *s, size_t len, size_t i, ndci_markup *memo)
{
    size_t p = i + 2, end;

    if (len - p >= 2 && s[p] == '-' && s[p + 1] == '-') {
        end = comment_close((const char *)s, len, p + 2, i + COMMENT_MAX,
            memo);
        return end != 0 ? end + 3 - i : 0;
    }
    if (len - p >= 7 && memcmp(s + p, "[CDATA[", 7) == 0)
        return 9;       /* the text inside is text: only the marks go */
    if (p < len && is_alpha(s[p])) {    /* <!DOCTYPE html> */
        end = tag_end(s, len, i, p, false);
        return end != 0 ? end - i : 0;
    }
    return 0;
}

size_t
ndci_markup_tag(const char *str, size_t len, size_t i, ndci_markup *memo)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t p = i + 1, name, end;

    if (p >= len)
        return 0;
    if (s[p] == '!')
        return bang_len(s, len, i, memo);
    if (s[p] == '?') {                  /* <?xml version="1.0"?> */
        end = p + 1 < len && is_alpha(s[p + 1]) ?
            tag_end(s, len, i, p + 1, false) : 0;
        return end != 0 ? end - i : 0;
    }
    if (s[p] == '/')
        p++;
    name = p;
    while (p < len && (is_alpha(s[p]) || (s[p] >= '0' && s[p] <= '9') ||
        s[p] == ':' || s[p] == '-' || s[p] == '_' || s[p] == '.'))
        p++;
    if (p == name || !is_alpha(s[name]) || !known_name(s + name, p - name))
        return 0;
    if (p < len && s[p] == '>')
        return p + 1 - i;
    if (len - p >= 2 && s[p] == '/' && s[p + 1] == '>')
        return p + 2 - i;
    end = p < len && is_space(s[p]) ? tag_end(s, len, i, p, true) : 0;
    return end != 0 ? end - i : 0;
}

/* The code point of a numeric reference's value v, as HTML reads it. */
static uint32_t
numeric_cp(uint32_t v)
{
    if (v >= 0x80 && v <= 0x9F)
        return cp1252[v - 0x80];
    if (v == 0 || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
        return 0xFFFD;
    return v;
}

/* &#NNN; or &#xHHH; at s[i]: its length (the ';' may be missing, as
   HTML allows), or 0. */
static size_t
numeric_ref(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
    size_t p = i + 2, digits = 0;
    bool hex = p < len && (s[p] == 'x' || s[p] == 'X');
    uint32_t v = 0;

    if (hex)
        p++;
    for (; p < len; p++, digits++) {
        unsigned d;

        if (s[p] >= '0' && s[p] <= '9')
            d = s[p] - '0';
        else if (hex && (s[p] | 0x20) >= 'a' && (s[p] | 0x20) <= 'f')
            d = (s[p] | 0x20) - 'a' + 10;
        else
            break;
        v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + d;
    }
    if (digits == 0)
        return 0;
    *cp = numeric_cp(v);
    return p + (p < len && s[p] == ';') - i;
}

size_t
ndci_markup_ref(const char *str, size_t len, size_t i, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t p = i + 1, n, lo = 0, hi = sizeof(entities) / sizeof(entities[0]);
    char name[NAME_MAX_LEN + 1];

    if (p < len && s[p] == '#')
        return numeric_ref(s, len, i, cp);
    for (n = 0; p + n < len && n <= NAME_MAX_LEN && (is_alpha(s[p + n]) ||
        (s[p + n] >= '0' && s[p + n] <= '9')); n++)
        ;
    if (n == 0 || n > NAME_MAX_LEN || p + n >= len || s[p + n] != ';')
        return 0;
    memcpy(name, s + p, n);
    name[n] = '\0';
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, entities[mid].name);

        if (c == 0) {
            *cp = entities[mid].cp;
            return n + 2;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}
