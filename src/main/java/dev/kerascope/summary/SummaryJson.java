package dev.kerascope.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The summary as data: the same content as the table, for machines. */
public final class SummaryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {}

    public static String toJson(ModelSummary s, List<ReceptiveFields.Row> receptiveFields) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", s.modelName());
        if (s.kerasVersion() != null) {
            root.put("keras_version", s.kerasVersion());
        }
        root.put("layout", s.defaultLayout().flag());
        if (s.note() != null) {
            root.put("note", s.note());
        }
        ArrayNode layers = root.putArray("layers");
        for (SummaryRow r : s.rows()) {
            ObjectNode l = layers.addObject();
            l.put("name", r.name());
            l.put("class_name", r.className());
            ArrayNode shape = l.putArray("output_shape");
            if (r.outputShape() != null) {
                r.outputShape().forEach(d -> {
                    if (d == null) {
                        shape.addNull();
                    } else {
                        shape.add(d);
                    }
                });
            }
            if (r.shapeLabel() != null && r.outputShape() == null) {
                l.put("output_shape_label", r.shapeLabel());
            }
            l.put("params", r.params());
            l.put("trainable", r.trainable());
            ArrayNode in = l.putArray("inbound_layers");
            r.inbound().forEach(in::add);
        }
        root.put("total_params", s.totalParams());
        root.put("trainable_params", s.trainableParams());
        root.put("non_trainable_params", s.nonTrainableParams());
        root.put("total_bytes", s.totalBytes());
        root.put("trainable_bytes", s.trainableBytes());
        root.put("non_trainable_bytes", s.nonTrainableBytes());
        if (receptiveFields != null) {
            ArrayNode rf = root.putArray("receptive_fields");
            for (ReceptiveFields.Row r : receptiveFields) {
                rf.addObject()
                        .put("layer", r.layer())
                        .put("input_size", r.inputSize())
                        .put("kernel", r.kernel())
                        .put("stride", r.stride())
                        .put("padding", r.padding())
                        .put("output_size", r.outputSize())
                        .put("receptive_field", r.field())
                        .put("jump", r.jump())
                        .put("start", r.start());
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
