package dev.kerascope.viz;

import dev.kerascope.io.AtomicFiles;
import dev.kerascope.train.History;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss and accuracy per epoch, training and validation, as tutorials 000 and 001 plot them: one XChart line chart per
 * metric, written as PNG (with caption and alt text) and SVG. Training and validation differ in colour (Okabe–Ito blue
 * and orange), marker and dash, so they stay apart without colour.
 */
public final class TrainingCurves {
    private static final Color TRAIN = new Color(0x0072B2);
    private static final Color VALIDATION = new Color(0xE69F00);

    private TrainingCurves() {}

    /** Writes {@code loss.png/.svg} and {@code accuracy.png/.svg} (those the history has); returns the figures. */
    public static List<Figure> write(History history, Path dir) {
        List<Figure> out = new ArrayList<>();
        for (String metric : List.of("loss", "accuracy")) {
            Map<String, List<Double>> h = history.asMap();
            if (!h.containsKey(metric)) {
                continue;
            }
            XYChart chart = chart(metric, h.get(metric), h.get("val_" + metric));
            Figure f = new Figure(image(chart), caption(metric), alt(metric, h.get(metric), h.get("val_" + metric)));
            PngFiles.write(f, dir.resolve(metric + ".png"));
            AtomicFiles.writeBytes(dir.resolve(metric + ".svg"), svg(chart));
            out.add(f);
        }
        return out;
    }

    static XYChart chart(String metric, List<Double> train, List<Double> val) {
        XYChart chart = new XYChartBuilder()
                .width(640)
                .height(400)
                .title(caption(metric))
                .xAxisTitle("epoch")
                .yAxisTitle(metric)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        // Text at sizes that stay legible when the page shows the 640-pixel chart on a phone.
        chart.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 18));
        chart.getStyler().setAxisTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 16));
        chart.getStyler().setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 15));
        chart.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 15));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.000");
        add(chart, metric, train, TRAIN, SeriesMarkers.CIRCLE, new BasicStroke(2f));
        if (val != null) {
            add(
                    chart,
                    "val_" + metric,
                    val,
                    VALIDATION,
                    SeriesMarkers.SQUARE,
                    new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }

    private static void add(
            XYChart chart,
            String name,
            List<Double> values,
            Color colour,
            org.knowm.xchart.style.markers.Marker marker,
            BasicStroke stroke) {
        List<Integer> epochs = new ArrayList<>();
        for (int i = 1; i <= values.size(); i++) {
            epochs.add(i);
        }
        XYSeries s = chart.addSeries(name, epochs, values);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(marker);
        s.setLineStyle(stroke);
    }

    private static java.awt.image.BufferedImage image(XYChart chart) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] svg(XYChart chart) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String caption(String metric) {
        return (metric.equals("loss") ? "Loss" : "Accuracy") + " per epoch, training and validation";
    }

    static String alt(String metric, List<Double> train, List<Double> val) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "Line chart of %s over %d epochs: training from %.4f to %.4f",
                metric,
                train.size(),
                train.get(0),
                train.get(train.size() - 1)));
        if (val != null && !val.isEmpty()) {
            sb.append(
                    String.format(Locale.ROOT, ", validation from %.4f to %.4f", val.get(0), val.get(val.size() - 1)));
        }
        return sb.append('.').toString();
    }
}
