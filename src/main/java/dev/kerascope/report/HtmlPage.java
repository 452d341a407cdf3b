package dev.kerascope.report;

/**
 * A small HTML writer for the report: escaped text, figures with alt text and captions, one inline stylesheet and one
 * inline script, so the page works offline from its folder. The script records on {@code <body>} how many images loaded
 * and whether the page overflows its width, which the browser test reads.
 */
public final class HtmlPage {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlPage(String title) {
        this.title = title;
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public HtmlPage raw(String html) {
        body.append(html).append('\n');
        return this;
    }

    public HtmlPage heading(int level, String text, String id) {
        body.append("<h")
                .append(level)
                .append(id == null ? "" : " id=\"" + escape(id) + "\"")
                .append('>')
                .append(escape(text))
                .append("</h")
                .append(level)
                .append(">\n");
        return this;
    }

    public HtmlPage paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    public HtmlPage pre(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    public HtmlPage link(String href, String text) {
        body.append("<p><a href=\"")
                .append(escape(href))
                .append("\">")
                .append(escape(text))
                .append("</a></p>\n");
        return this;
    }

    public HtmlPage figure(String src, String alt, String caption) {
        body.append("<figure><img src=\"")
                .append(escape(src))
                .append("\" alt=\"")
                .append(escape(alt))
                .append("\">")
                .append("<figcaption>")
                .append(escape(caption))
                .append("</figcaption></figure>\n");
        return this;
    }

    public String render() {
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + escape(title)
                + "</title>\n<style>\n"
                + "body{font-family:system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:0 auto;padding:0 1rem "
                + "3rem;max-width:64rem;"
                + "line-height:1.45;color:#1b1b1b;background:#fff}\n"
                + "h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}\n"
                + "pre{overflow-x:auto;max-width:100%;background:#f6f6f6;padding:.6rem;font-size:.8rem;line-height:"
                + "1.2}\n"
                + "figure{margin:1rem 0}img{max-width:100%;height:auto;image-rendering:pixelated;border:1px solid "
                + "#ddd}\n"
                + "figcaption{font-size:.9rem;color:#444}nav{display:flex;flex-wrap:wrap;gap:.3rem 1rem}\n"
                + ".inputs{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}\n"
                + "table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:"
                + "left}\n"
                + "p,a{overflow-wrap:anywhere}.warning{background:#fff4e5;border-left:4px solid #b45309;padding:.5rem "
                + ".8rem}\n"
                + "a{color:#0050a0}\n</style>\n</head>\n<body>\n" + body
                + "<script>\nwindow.addEventListener('load',function(){var "
                + "imgs=Array.prototype.slice.call(document.images);"
                + "var ok=imgs.filter(function(i){return i.complete&&i.naturalWidth>0;}).length;"
                + "document.body.setAttribute('data-images-total',imgs.length);"
                + "document.body.setAttribute('data-images-loaded',ok);"
                + "document.body.setAttribute('data-overflow',"
                + "document.documentElement.scrollWidth>window.innerWidth+1?'yes':'no');});\n"
                + "</script>\n</body>\n</html>\n";
    }
}
