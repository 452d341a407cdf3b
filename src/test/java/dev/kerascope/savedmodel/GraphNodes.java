package dev.kerascope.savedmodel;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** Hand-built NodeDefs for the graph readers' tests, with attributes spelled as TensorFlow's op registry names them. */
final class GraphNodes {
    private GraphNodes() {}

    static NodeDef.Builder node(String name, String op, String... inputs) {
        NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op);
        for (String i : inputs) {
            b.addInput(i);
        }
        return b;
    }

    static AttrValue ints(long... values) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (long v : values) {
            l.addI(v);
        }
        return AttrValue.newBuilder().setList(l).build();
    }

    static AttrValue text(String s) {
        return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(s)).build();
    }

    static AttrValue shapeAttr(long... dims) {
        return AttrValue.newBuilder().setShape(SyntheticSavedModel.shape(dims)).build();
    }

    /** {@code _output_shapes}: one shape per output. */
    static AttrValue outputShapes(long[]... shapes) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (long[] s : shapes) {
            l.addShape(SyntheticSavedModel.shape(s));
        }
        return AttrValue.newBuilder().setList(l).build();
    }

    static AttrValue unknownRankList() {
        return AttrValue.newBuilder()
                .setList(AttrValue.ListValue.newBuilder()
                        .addShape(TensorShapeProto.newBuilder().setUnknownRank(true)))
                .build();
    }

    /** A 1-D int32 Const holding the values in int_val. */
    static NodeDef int32Const(String name, int... values) {
        TensorProto.Builder t = TensorProto.newBuilder()
                .setDtype(DataType.DT_INT32)
                .setTensorShape(SyntheticSavedModel.shape(values.length));
        for (int v : values) {
            t.addIntVal(v);
        }
        return constOf(name, t);
    }

    /** A 1-D Const in tensor_content, little-endian, int32 or int64 as TensorFlow serialises large constants. */
    static NodeDef contentConst(String name, boolean int64, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * (int64 ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            if (int64) {
                b.putLong(v);
            } else {
                b.putInt((int) v);
            }
        }
        TensorProto.Builder t = TensorProto.newBuilder()
                .setDtype(int64 ? DataType.DT_INT64 : DataType.DT_INT32)
                .setTensorShape(SyntheticSavedModel.shape(values.length))
                .setTensorContent(ByteString.copyFrom(b.array()));
        return constOf(name, t);
    }

    static NodeDef constOf(String name, TensorProto.Builder t) {
        return node(name, "Const")
                .putAttr("value", AttrValue.newBuilder().setTensor(t).build())
                .build();
    }
}
