package dev.kerascope.app;

import static dev.kerascope.report.HtmlPage.escape;

import dev.kerascope.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code index.html} of an export: browses {@code manifest.json} by input (every layer of one image) or by layer (one
 * layer of many images), filtered by label, prediction, misclassified or index, a page of cards at a time, so it opens
 * at once for 10,000 images. The manifest travels as {@code manifest.js} (pages opened from disk may not fetch files);
 * the script is the hand-written {@code export-index.js}, the style the report's {@code explorer.css}.
 */
final class ExportIndex {
    private ExportIndex() {}

    static void write(Path out, String title, List<String> classNames) throws IOException {
        Path js = out.resolve("manifest.js");
        Path tmp = AtomicFiles.temporarySibling(js);
        try (OutputStream o = Files.newOutputStream(tmp)) {
            o.write("window.KERASCOPE_MANIFEST = ".getBytes(StandardCharsets.UTF_8));
            Files.copy(out.resolve("manifest.json"), o); // streamed: memory does not grow with the count
            o.write((";\nwindow.KERASCOPE_CLASSES = "
                            + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(classNames)
                            + ";\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e;
        }
        AtomicFiles.moveIntoPlace(tmp, js);
        AtomicFiles.writeString(out.resolve("explorer.css"), ReportPage.resource("explorer.css"));
        AtomicFiles.writeString(out.resolve("export-index.js"), ReportPage.resource("export-index.js"));
        AtomicFiles.writeString(
                out.resolve("index.html"),
                "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
                        + escape(title)
                        + "</title>\n"
                        + "<link rel=\"stylesheet\" href=\"explorer.css\">\n</head>\n<body>\n<header><h1>"
                        + escape(title) + "</h1>\n"
                        + "<p class=\"about\" id=\"about\"></p></header>\n<div class=\"pickers\">\n"
                        + "<label>Layer <select id=\"layer\" data-picker data-view=\"cards\"></select></label>\n"
                        + "<label>View <select id=\"mode\" data-picker data-view=\"cards\"><option value=\"layer\">by "
                        + "layer</option>"
                        + "<option value=\"input\">by input</option></select></label>\n"
                        + "<label>Label <select id=\"label\"></select></label>\n<label>Prediction <select "
                        + "id=\"prediction\"></select></label>\n"
                        + "<label>Search <input id=\"search\" type=\"search\" placeholder=\"index, label or "
                        + "prediction\" "
                        + "size=\"18\"></label>\n"
                        + "<label class=\"check\"><input id=\"wrong\" type=\"checkbox\"> misclassified "
                        + "only</label>\n</div>\n"
                        + "<p class=\"hint\" id=\"status\" aria-live=\"polite\"></p>\n<div id=\"cards\" "
                        + "class=\"cards\"></div>\n"
                        + "<div class=\"pager\"><button type=\"button\" id=\"prev\">Previous</button> <span "
                        + "id=\"page\"></span> "
                        + "<button type=\"button\" id=\"next\">Next</button></div>\n"
                        + "<script src=\"manifest.js\"></script>\n<script "
                        + "src=\"export-index.js\"></script>\n</body>\n</html>\n");
    }
}
