package dev.kerascope.walker;

import dev.kerascope.savedmodel.TensorRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Copies the body of a library function into the graph, node by node, so that every tensor it computes becomes
 * fetchable. TensorFlow neither feeds nor fetches tensors inside a function, and {@code Graph.importGraphDef} has no
 * input map to wire copied nodes to existing ones, so this is written by hand: each NodeDef becomes an op built with
 * {@code Graph.opBuilder} and its attributes; function arguments are bound to the caller's outputs (captured resources
 * are the outer VarHandleOps, so the restored variables are reused); a reference {@code node:output_arg:index} is
 * resolved to a flat output index through the op's OpDef; nested calls ({@code StatefulPartitionedCall},
 * {@code PartitionedCall}, or an op named after a function) are inlined recursively. Every copied node is recorded
 * under its path, e.g. {@code __inference__wrapped_model_777/functional_1/dense/MatMul}.
 */
final class FunctionInliner {
    /** Name prefix of every node this class adds to a graph. */
    public static final String PREFIX = "kerascope_inlined";

    private static final int MAX_DEPTH = 32;

    private final Graph graph;
    private final Map<String, FunctionDef> library;
    private final Map<String, OpDef> opDefs = new HashMap<>();
    /** Every copied node by its path ({@code caller node/.../node name}), in creation order. */
    private final Map<String, InlinedNode> nodes = new LinkedHashMap<>();

    private int counter;

    /** A copied node: its op, or for an inlined call the outputs of the callee. */
    public record InlinedNode(String path, String function, NodeDef def, GraphOperation op, List<Output<?>> outputs) {}

    public FunctionInliner(Graph graph, Map<String, FunctionDef> library) {
        this.graph = graph;
        this.library = library;
        for (OpDef d : TensorFlow.registeredOpList().getOpList()) {
            opDefs.put(d.getName(), d);
        }
    }

    public Map<String, InlinedNode> nodes() {
        return nodes;
    }

    /** Inlines {@code function} with its inputs bound to {@code args}; returns its outputs in signature order. */
    public List<Output<?>> inline(String function, List<Output<?>> args, String path) {
        return inline(function, args, path, 0);
    }

    private List<Output<?>> inline(String function, List<Output<?>> args, String path, int depth) {
        FunctionDef f = library.get(function);
        if (f == null) {
            throw new IllegalArgumentException("function " + function + " is not in the library");
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("function calls nest deeper than " + MAX_DEPTH + " at " + function);
        }
        var inputArgs = f.getSignature().getInputArgList();
        if (inputArgs.size() != args.size()) {
            throw new IllegalArgumentException(function + " takes " + inputArgs.size() + " inputs, got " + args.size());
        }
        Map<String, Output<?>> argByName = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            argByName.put(inputArgs.get(i).getName(), args.get(i));
        }
        Map<String, InlinedNode> local = new HashMap<>();
        for (NodeDef n : topologicalOrder(f)) {
            String nodePath = path + "/" + n.getName();
            List<Output<?>> in = new ArrayList<>();
            List<GraphOperation> control = new ArrayList<>();
            for (String ref : n.getInputList()) {
                if (TensorRef.isControl(ref)) {
                    InlinedNode dep = local.get(ref.substring(1));
                    if (dep != null && dep.op() != null) {
                        control.add(dep.op());
                    } else if (dep != null) {
                        dep.outputs().forEach(o -> control.add((GraphOperation) o.op()));
                    }
                } else {
                    in.add(resolve(ref, argByName, local, function));
                }
            }
            String callee = callee(n);
            InlinedNode node;
            if (callee != null) {
                List<Output<?>> outs = inline(callee, in, nodePath, depth + 1);
                node = new InlinedNode(nodePath, function, n, null, outs);
            } else {
                node = new InlinedNode(nodePath, function, n, build(n, in, control), null);
            }
            local.put(n.getName(), node);
            nodes.put(nodePath, node);
        }
        List<Output<?>> outputs = new ArrayList<>();
        for (var arg : f.getSignature().getOutputArgList()) {
            outputs.add(resolve(f.getRetOrThrow(arg.getName()), argByName, local, function));
        }
        return outputs;
    }

    /** The function a call node runs: (Stateful)PartitionedCall's {@code f}, or an op named after a function. */
    String callee(NodeDef n) {
        if ((n.getOp().equals("StatefulPartitionedCall") || n.getOp().equals("PartitionedCall"))
                && n.containsAttr("f")) {
            return n.getAttrOrThrow("f").getFunc().getName();
        }
        return library.containsKey(n.getOp()) ? n.getOp() : null;
    }

    private GraphOperation build(NodeDef n, List<Output<?>> inputs, List<GraphOperation> control) {
        OpDef def = opDefs.get(n.getOp());
        if (def == null) {
            throw new IllegalArgumentException(
                    "op " + n.getOp() + " (node " + n.getName() + ") is not registered in this TensorFlow");
        }
        var b = graph.opBuilder(n.getOp(), PREFIX + "/n" + (counter++), graph.baseScope());
        int next = 0;
        for (OpDef.ArgDef arg : def.getInputArgList()) {
            int length = listLength(arg, n);
            if (length < 0) {
                b.addInput(inputs.get(next++));
            } else {
                b.addInputList(inputs.subList(next, next + length).toArray(new Output<?>[0]));
                next += length;
            }
        }
        for (var e : n.getAttrMap().entrySet()) {
            if (!e.getKey().startsWith("_")) {
                b.setAttr(e.getKey(), e.getValue());
            }
        }
        control.forEach(b::addControlInput);
        return (GraphOperation) b.build();
    }

    /** -1 for a single tensor, else the number of tensors the list argument takes in this node. */
    private static int listLength(OpDef.ArgDef arg, NodeDef n) {
        if (!arg.getNumberAttr().isEmpty()) {
            return (int) n.getAttrOrThrow(arg.getNumberAttr()).getI();
        }
        if (!arg.getTypeListAttr().isEmpty()) {
            AttrValue v = n.getAttrOrThrow(arg.getTypeListAttr());
            return v.getList().getTypeCount();
        }
        return -1;
    }

    private Output<?> resolve(
            String ref, Map<String, Output<?>> args, Map<String, InlinedNode> local, String function) {
        TensorRef r = TensorRef.parse(ref);
        if (r.outputArg() == null && !TensorRef.hasIndex(ref)) {
            Output<?> a = args.get(ref);
            if (a != null) {
                return a;
            }
            InlinedNode n = local.get(ref);
            if (n != null) {
                return n.op() != null ? n.op().output(0) : n.outputs().get(0);
            }
            throw new IllegalArgumentException(function + ": unknown input " + ref);
        }
        InlinedNode n = local.get(r.node());
        if (n == null) {
            throw new IllegalArgumentException(function + ": input " + ref + " names no node");
        }
        int index = r.index();
        if (n.op() == null) {
            // An inlined call: "call:output:i" for (Stateful)PartitionedCall, "call:<callee output arg>:i" for a direct
            // call.
            String callee = callee(n.def());
            if (!n.def().getOp().endsWith("PartitionedCall")) {
                var outs = library.get(callee).getSignature().getOutputArgList();
                for (int i = 0; i < outs.size(); i++) {
                    if (outs.get(i).getName().equals(r.outputArg())) {
                        return n.outputs().get(i + index);
                    }
                }
            }
            return n.outputs().get(index);
        }
        OpDef def = opDefs.get(n.def().getOp());
        int flat = 0;
        for (OpDef.ArgDef arg : def.getOutputArgList()) {
            if (arg.getName().equals(r.outputArg())) {
                return n.op().output(flat + index);
            }
            int length = listLength(arg, n.def());
            flat += length < 0 ? 1 : length;
        }
        throw new IllegalArgumentException(function + ": op " + n.def().getOp() + " has no output " + r.outputArg());
    }

    /** The function's nodes ordered so that every node comes after its data and control inputs. */
    static List<NodeDef> topologicalOrder(FunctionDef f) {
        Map<String, NodeDef> byName = new LinkedHashMap<>();
        f.getNodeDefList().forEach(n -> byName.put(n.getName(), n));
        Map<String, Integer> state = new HashMap<>();
        List<NodeDef> out = new ArrayList<>();
        for (String start : byName.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<String[]> stack = new ArrayDeque<>();
            stack.push(new String[] {start, "0"});
            while (!stack.isEmpty()) {
                String[] top = stack.peek();
                NodeDef n = byName.get(top[0]);
                int i = Integer.parseInt(top[1]);
                state.putIfAbsent(top[0], 1);
                if (i < n.getInputCount()) {
                    top[1] = Integer.toString(i + 1);
                    String dep = TensorRef.parse(n.getInput(i)).node();
                    if (byName.containsKey(dep)) {
                        Integer s = state.get(dep);
                        if (s == null) {
                            stack.push(new String[] {dep, "0"});
                        } else if (s == 1) {
                            throw new IllegalArgumentException(
                                    f.getSignature().getName() + " has a cycle through " + dep);
                        }
                    }
                } else {
                    stack.pop();
                    state.put(top[0], 2);
                    out.add(n);
                }
            }
        }
        return out;
    }
}
