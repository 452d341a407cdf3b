package dev.kerascope.savedmodel;

import static dev.kerascope.testing.FuzzSupport.scratch;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.kerascope.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.SavedModel;

/**
 * The Keras 2 SavedModels the Keras fuzz tests write fuzzed metadata into: the synthetic one in both forms, plus the
 * shared corpus's Keras 2 saves when present. A fuzz input's first byte picks one, so each seed keeps the model its
 * JSON came from.
 */
final class KerasFuzzModels {
    private static final String[] METADATA_FILE = {
        "keras2_tf211_mnist_cnn_dropout",
        "keras2_tf214_cifar10_cnn_c32_d32",
        "keras2_tf29_mnist_cnn_bn",
        "keras2_tf25_fashion_functional_bn_dropout",
        "keras2_tf214_potato_resizing_rescaling_randomaug_256"
    };
    private static final String[] OBJECT_GRAPH = {
        "keras2_tf20_mnist_cnn", "keras2_tf23_mnist_cnn_3stage", "keras2_tf23_nested_functional_two_inputs"
    };

    /** One base model: its folder, and its saved_model.pb parsed when the JSON lives in the object graph. */
    record Base(Path dir, SavedModel objectGraphForm) {}

    private KerasFuzzModels() {}

    static List<Base> bases() throws IOException {
        List<Base> out = new ArrayList<>();
        Path root = Files.createTempDirectory(scratch(), "bases");
        out.add(new Base(SavedModelFuzzSeeds.write(root.resolve("base-0"), true), null));
        Path og = SavedModelFuzzSeeds.write(root.resolve("base-1"), false);
        out.add(new Base(og, SavedModel.parseFrom(Files.readAllBytes(og.resolve("saved_model.pb")))));
        Path shared = SharedData.root().resolve("savedmodels");
        for (String name : METADATA_FILE) {
            Path src = shared.resolve(name);
            if (Files.isRegularFile(src.resolve("keras_metadata.pb"))) {
                Path dir = Files.createDirectories(root.resolve("base-" + out.size()));
                Files.copy(src.resolve("saved_model.pb"), dir.resolve("saved_model.pb"));
                Files.copy(src.resolve("keras_metadata.pb"), dir.resolve("keras_metadata.pb"));
                out.add(new Base(dir, null));
            }
        }
        for (String name : OBJECT_GRAPH) {
            Path src = shared.resolve(name).resolve("saved_model.pb");
            if (Files.isRegularFile(src)) {
                Path dir = Files.createDirectories(root.resolve("base-" + out.size()));
                Files.copy(src, dir.resolve("saved_model.pb"));
                out.add(new Base(dir, SavedModel.parseFrom(Files.readAllBytes(src))));
            }
        }
        return out;
    }

    /** The model's root JSON (node 0), from whichever form holds it. */
    static String rootJson(Base base) throws IOException {
        if (base.objectGraphForm() != null) {
            return base.objectGraphForm()
                    .getMetaGraphs(0)
                    .getObjectGraphDef()
                    .getNodes(0)
                    .getUserObject()
                    .getMetadata();
        }
        CodedInputStream in =
                CodedInputStream.newInstance(Files.readAllBytes(base.dir().resolve("keras_metadata.pb")));
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                in.skipField(tag);
                continue;
            }
            CodedInputStream node = CodedInputStream.newInstance(in.readByteArray());
            int id = 0;
            String json = null;
            for (int t; (t = node.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(t)) {
                    case 2 -> id = node.readInt32();
                    case 5 -> json = node.readString();
                    default -> node.skipField(t);
                }
            }
            if (id == 0 && json != null) {
                return json;
            }
        }
        throw new IllegalStateException(base.dir() + " has no root metadata");
    }

    /** Writes {@code json} as the model's root metadata, in the form the base model uses. */
    static void writeRootJson(Base base, byte[] json) throws IOException {
        if (base.objectGraphForm() != null) {
            SavedModel.Builder b = base.objectGraphForm().toBuilder();
            b.getMetaGraphsBuilder(0)
                    .getObjectGraphDefBuilder()
                    .getNodesBuilder(0)
                    .getUserObjectBuilder()
                    .setMetadata(new String(json, StandardCharsets.UTF_8));
            Files.write(base.dir().resolve("saved_model.pb"), b.build().toByteArray());
            return;
        }
        Path file = base.dir().resolve("keras_metadata.pb");
        CodedInputStream in = CodedInputStream.newInstance(Files.readAllBytes(file));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (int tag; (tag = in.readTag()) != 0; ) {
            byte[] record = in.readByteArray();
            if (!isRoot(record)) {
                out.writeByteArray(1, record);
            }
        }
        ByteArrayOutputStream root = new ByteArrayOutputStream();
        CodedOutputStream r = CodedOutputStream.newInstance(root);
        r.writeInt32(2, 0);
        r.writeString(3, "root");
        r.writeString(4, "_tf_keras_sequential");
        r.writeBytes(5, ByteString.copyFrom(json));
        r.flush();
        out.writeByteArray(1, root.toByteArray());
        out.flush();
        Files.write(file, bytes.toByteArray());
    }

    private static boolean isRoot(byte[] record) throws IOException {
        CodedInputStream node = CodedInputStream.newInstance(record);
        for (int t; (t = node.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(t) == 2) {
                return node.readInt32() == 0;
            }
            node.skipField(t);
        }
        return true;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
