package dev.kerascope.app;

import static dev.kerascope.report.HtmlPage.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report page's attribution parts, written as HTML (no script needed): each sample input's Grad-CAM and saliency
 * for its predicted class, and, per conv layer, the links to its top-activating inputs' grids.
 */
final class ReportEvidence {
    private ReportEvidence() {}

    /**
     * "Why": one card per sample input with its Grad-CAM and saliency (heatmap and overlay), captioned with where the
     * evidence lies; or the note saying why there is none.
     *
     * @param b the page being written
     * @param data the page's data, as {@link ReportInputs} and {@link ReportExplanations} filled it
     */
    static void why(StringBuilder b, JsonNode data) {
        b.append("<h3 id=\"why\">Why: Grad-CAM and saliency for the predicted class</h3>\n");
        if (data.has("explainNote")) {
            b.append("<p>").append(escape(data.get("explainNote").asText())).append("</p>\n");
        }
        if (!data.has("explainScore")) {
            return;
        }
        b.append("<p class=\"hint\">Bright where the evidence for the predicted class lies: Grad-CAM (at the "
                        + "last conv layer) and saliency (|d score / d input|), each as a heatmap and over the input, "
                        + "as <code>explain</code> draws them (Viridis): left to right, Grad-CAM's heatmap and "
                        + "overlay, then saliency's. The score is the ")
                .append(escape(data.get("explainScore").asText()))
                .append(".</p>\n")
                .append("<div class=\"why\">\n");
        for (JsonNode in : data.path("inputs")) {
            String name = in.path("name").asText();
            b.append("<figure id=\"why-")
                    .append(escape(in.path("dir").asText()))
                    .append("\"><div class=\"quad\">");
            for (JsonNode e : in.path("explain")) {
                b.append("<img src=\"")
                        .append(escape(e.path("heatmap").asText()))
                        .append("\" alt=\"")
                        .append(escape(e.path("alt").asText()))
                        .append("\"><img src=\"")
                        .append(escape(e.path("overlay").asText()))
                        .append("\" alt=\"")
                        .append(escape(e.path("overlayAlt").asText()))
                        .append("\">");
            }
            b.append("</div><figcaption><strong>")
                    .append(escape(name))
                    .append("</strong>, predicted ")
                    .append(escape(in.path("top").path(0).asText("—")));
            for (JsonNode e : in.path("explain")) {
                b.append(". ")
                        .append(escape(e.path("method").asText()))
                        .append(" (class ")
                        .append(e.path("class").asInt())
                        .append("): ")
                        .append(escape(e.path("where").asText()))
                        .append(" (<a href=\"")
                        .append(escape(e.path("npy").asText()))
                        .append("\">.npy</a>)");
            }
            b.append(".</figcaption></figure>\n");
        }
        b.append("</div>\n");
    }

    /**
     * The "Top inputs" section: every Conv2D layer (and any other layer given) with links to its channel grids when
     * {@code report --top-inputs} brought them, else how to compute them.
     *
     * @param b the page being written
     * @param data the page's data ({@code filters} names the Conv2D layers; {@code topInputs} what was brought)
     */
    static void topInputs(StringBuilder b, JsonNode data) {
        Map<String, JsonNode> byLayer = new LinkedHashMap<>();
        data.path("filters").forEach(f -> byLayer.put(f.path("name").asText(), null));
        data.path("topInputs").forEach(t -> byLayer.put(t.path("layer").asText(), t));
        ReportPage.section(b, "top-inputs", "Top inputs", true);
        b.append("<p class=\"hint\">For each channel of a layer, the data set images that activate it most, as "
                + "<code>top-inputs</code> computes them; <code>report --top-inputs DIR</code> brings a folder it "
                + "wrote.</p>\n");
        if (byLayer.isEmpty()) {
            b.append("<p>No Conv2D layer and no --top-inputs folder: nothing to list.</p>\n");
        }
        List<String> notComputed = new ArrayList<>();
        byLayer.forEach((layer, t) -> {
            if (t == null) {
                notComputed.add(layer);
            }
        });
        if (!notComputed.isEmpty()) {
            // One line for every layer without grids, not a heading each: a page of "not computed" says nothing.
            b.append("<p>Not computed for ")
                    .append(escape(String.join(", ", notComputed)))
                    .append(": run <code>kerascope top-inputs MODEL --layer NAME --out DIR</code> per layer and pass "
                            + "<code>--top-inputs DIR</code>.</p>\n");
        }
        for (Map.Entry<String, JsonNode> layer : byLayer.entrySet()) {
            JsonNode t = layer.getValue();
            if (t == null) {
                continue;
            }
            String id = "top-" + layer.getKey();
            b.append("<h3 id=\"")
                    .append(escape(id))
                    .append("\">")
                    .append(escape(layer.getKey()))
                    .append("</h3>\n");
            b.append("<p>The ")
                    .append(t.path("count").asInt())
                    .append(" images of ")
                    .append(t.path("images").asInt())
                    .append(" from ")
                    .append(escape(t.path("dataset").asText()))
                    .append(" with the highest maximum activation, ")
                    .append("per channel (<a href=\"")
                    .append(escape(t.path("json").asText()))
                    .append("\">JSON</a>)")
                    .append(
                            t.path("dead").isEmpty()
                                    ? ""
                                    : "; never active on the set: channels "
                                            + escape(t.path("dead")
                                                    .toString()
                                                    .replaceAll("[\\[\\]]", "")
                                                    .replace(",", ", ")))
                    .append(".</p>\n<ul class=\"links\">");
            for (JsonNode c : t.path("channels")) {
                b.append("<li><a href=\"")
                        .append(escape(c.path("png").asText()))
                        .append("\">channel ")
                        .append(c.path("channel").asInt())
                        .append("</a> (max ")
                        .append(String.format(Locale.ROOT, "%.3g", c.path("max").asDouble()))
                        .append(")</li>");
            }
            b.append("</ul>\n");
        }
        b.append("</details>\n");
    }
}
