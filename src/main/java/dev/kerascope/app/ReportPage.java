package dev.kerascope.app;

import static dev.kerascope.report.HtmlPage.escape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The report's {@code index.html}: an overview first (what the model is, a predictions table with thumbnails, the
 * training curves), then the feature-map explorer (layer, input and scale pickers; one figure at a time; click a tile
 * to zoom and read values), the filters, and the model's summary and signatures, each a collapsible section. The page's
 * script and stylesheet are hand-written files beside it ({@code explorer.js}, {@code explorer.css}); its data is
 * {@code explorer-data.js}: everything works from the folder, offline.
 */
final class ReportPage {
    /** The page's data: written only into reports, so a folder holding it is a previous report, safe to replace. */
    static final String DATA_FILE = "explorer-data.js";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportPage() {}

    static String render(
            String model, String about, JsonNode data, String summary, String inspect, List<String> classNames) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>kerascope "
                        + "report: ")
                .append(escape(model))
                .append("</title>\n<link rel=\"stylesheet\" href=\"explorer.css\">\n</head>\n<body>\n<header>\n")
                .append("<h1>kerascope report: ")
                .append(escape(model))
                .append("</h1>\n<p class=\"about\">")
                .append(escape(about))
                .append("</p>\n<nav><a href=\"#overview\">Overview</a><a href=\"#maps\">Feature maps</a><a "
                        + "href=\"#filters\">Filters</a><a href=\"#top-inputs\">Top inputs</a>")
                .append("<a href=\"#model\">Summary and signatures</a></nav>\n</header>\n");
        section(b, "overview", "Overview", true);
        b.append("<p>").append(escape(data.path("fed").asText(""))).append("</p>\n");
        if (data.has("note")) {
            b.append("<p>").append(escape(data.get("note").asText())).append("</p>\n");
        }
        if (data.has("warning")) {
            b.append("<p class=\"warning\"><strong>Warning:</strong> ")
                    .append(escape(data.get("warning").asText()))
                    .append("</p>\n");
        }
        predictions(b, data, classNames);
        b.append("<h3>Training</h3>\n");
        if (data.path("curves").isEmpty()) {
            b.append("<p>No history.json beside the model: it did not come with a training history.</p>\n");
        } else {
            b.append("<div class=\"curves\">\n");
            for (JsonNode c : data.get("curves")) {
                b.append("<figure><img src=\"")
                        .append(escape(c.get("png").asText()))
                        .append("\" alt=\"")
                        .append(escape(c.get("alt").asText()))
                        .append("\" width=\"640\" height=\"400\"><figcaption>")
                        .append(escape(c.get("caption").asText()))
                        .append(" · <a href=\"")
                        .append(escape(c.get("svg").asText()))
                        .append("\">SVG</a></figcaption></figure>\n");
            }
            b.append("</div>\n");
        }
        b.append("</details>\n");
        section(b, "maps", "Feature maps", true);
        b.append("<p class=\"hint\">One layer for one input at a time: pick them below. Click a tile to see it "
                        + "large, with its "
                        + "range and the value under the pointer.</p>\n<div class=\"pickers\">\n")
                .append(picker("layer-picker", "Layer", "map-view"))
                .append(picker("input-picker", "Input", "map-view"))
                .append("<label>Scale <select id=\"scale-picker\" data-picker data-view=\"map-view\"><option "
                        + "value=\"layer\">one for the layer</option>")
                .append("<option value=\"per-map\">each map its own</option></select></label>\n</div>\n")
                .append("<div id=\"map-view\" class=\"view\"></div>\n<div id=\"others\"></div>\n</details>\n");
        section(b, "filters", "Filters", true);
        if (data.path("filters").isEmpty()) {
            b.append("<p>No Conv2D layer with a kernel was found, so there are no filters to show.</p>\n");
        } else {
            b.append("<div class=\"pickers\">")
                    .append(picker("filter-picker", "Layer", "filter-view"))
                    .append("</div>\n")
                    .append("<div id=\"filter-view\" class=\"view\"></div>\n");
        }
        b.append("</details>\n");
        ReportEvidence.topInputs(b, data);
        section(b, "model", "Summary and signatures", false);
        b.append("<pre>")
                .append(escape(summary))
                .append("</pre>\n<p><a href=\"summary.json\">summary.json</a> · ")
                .append("<a href=\"summary.txt\">summary.txt</a> · <a "
                        + "href=\"predictions.json\">predictions.json</a></p>\n<pre>")
                .append(escape(inspect))
                .append("</pre>\n<p><a href=\"inspect.txt\">inspect.txt (everything, with the op histogram)</a>")
                .append("</p>\n</details>\n");
        b.append("<div id=\"zoom\" hidden><div class=\"zoom-box\" role=\"dialog\" aria-modal=\"true\" "
                        + "aria-labelledby=\"zoom-title\">")
                .append("<button type=\"button\" class=\"close\">Close</button><p id=\"zoom-title\"></p><div "
                        + "class=\"zoom-tile\"></div>")
                .append("<p class=\"zoom-range\"></p><p class=\"zoom-value\" aria-live=\"polite\"></p></div></div>\n")
                .append("<script src=\"" + DATA_FILE + "\"></script>\n<script "
                        + "src=\"explorer.js\"></script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void predictions(StringBuilder b, JsonNode data, List<String> classNames) {
        JsonNode inputs = data.path("inputs");
        if (inputs.isEmpty()) {
            return;
        }
        boolean explained = data.has("explainScore");
        String source = data.has("scores")
                ? " (signature output " + data.get("scores").asText()
                        + (data.has("softmax") ? ", softmax of its scores" : "") + ")"
                : "";
        b.append("<h3>Predictions")
                .append(escape(source))
                .append("</h3>\n<div class=\"scroll\"><table class=\"predictions\">")
                .append("<thead><tr><th>Input</th><th>Prediction</th><th>Next two</th>")
                .append(explained ? "<th>Evidence</th>" : "")
                .append("</tr></thead>\n<tbody>\n");
        for (JsonNode in : inputs) {
            JsonNode top = in.path("top");
            b.append("<tr><td><a class=\"pick-input\" href=\"#maps\" data-input=\"")
                    .append(escape(in.get("dir").asText()))
                    .append("\"><img class=\"thumb")
                    .append(in.path("colour").asBoolean() ? " colour" : "")
                    .append("\" src=\"")
                    .append(escape(in.get("thumbnail").asText()))
                    .append("\" alt=\"")
                    .append(escape(in.get("name").asText()))
                    .append(" as fed to the model\"> ")
                    .append(escape(in.get("name").asText()))
                    .append("</a></td><td><strong>")
                    .append(escape(top.path(0).asText("—")))
                    .append("</strong></td><td>")
                    .append(escape(top.path(1).asText("")))
                    .append(top.size() > 2 ? ", " + escape(top.get(2).asText()) : "")
                    .append("</td>");
            if (explained) {
                JsonNode cam = in.path("explain").path(0);
                b.append("<td><a href=\"#why-")
                        .append(escape(in.get("dir").asText()))
                        .append("\"><img class=\"thumb\" src=\"")
                        .append(escape(cam.path("overlay").asText()))
                        .append("\" alt=\"")
                        .append(escape(cam.path("overlayAlt").asText()))
                        .append("\"></a></td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n");
        if (classNames == null) {
            b.append("<p class=\"hint\">Classes are shown by number: name them with --class-names (mnist, "
                    + "fashion-mnist, cifar10 or a "
                    + "file with one name per line).</p>\n");
        }
        if (data.has("softmax")) {
            b.append("<p>").append(escape(data.get("softmax").asText())).append("</p>\n");
        }
        ReportEvidence.why(b, data);
    }

    static void section(StringBuilder b, String id, String title, boolean open) {
        b.append("<details id=\"")
                .append(id)
                .append('"')
                .append(open ? " open" : "")
                .append("><summary><h2>")
                .append(escape(title))
                .append("</h2></summary>\n");
    }

    private static String picker(String id, String label, String view) {
        return "<label>" + label + " <select id=\"" + id + "\" data-picker data-view=\"" + view
                + "\"></select></label>\n";
    }

    /** explorer.js and explorer.css from the jar, and the page's data as explorer-data.js. */
    static void writeAssets(Path out, JsonNode data) {
        try {
            AtomicFiles.writeString(
                    out.resolve(DATA_FILE), "window.KERASCOPE_DATA = " + MAPPER.writeValueAsString(data) + ";\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : List.of("explorer.js", "explorer.css")) {
            AtomicFiles.writeString(out.resolve(name), resource(name));
        }
    }

    static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream("/dev/kerascope/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
