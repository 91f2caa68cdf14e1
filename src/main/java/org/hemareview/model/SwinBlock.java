package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A Swin Transformer block (Liu et al. 2021) on a (B, H, W, C) map: LayerNorm, window multi-head
 * self-attention with a learned relative position bias (shifted windows and their mask when
 * {@code shift > 0}), residual; LayerNorm, MLP (4x, GELU), residual. When the map is no larger
 * than a window there is nothing to shift and the window is the whole map.
 */
public final class SwinBlock extends AbstractBlock {
    private final int channels;
    private final int heads;
    private final int window;
    private final int shift;
    private final LastAxisNorm norm1;
    private final Linear qkv;
    private final Linear proj;
    private final Parameter biasTable;
    private final LastAxisNorm norm2;
    private final Linear fc1;
    private final Linear fc2;
    /** Per window side: the flattened relative position index; per map size: the flattened shift mask. Pure functions of the shape, kept. */
    private final java.util.Map<Integer, long[]> indexes = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, float[]> masks = new java.util.concurrent.ConcurrentHashMap<>();

    public SwinBlock(int channels, int heads, int window, boolean shifted) {
        super((byte) 1);
        if (channels % heads != 0) {
            throw new IllegalArgumentException(channels + " channels do not split into " + heads + " heads");
        }
        this.channels = channels;
        this.heads = heads;
        this.window = window;
        this.shift = shifted ? window / 2 : 0;
        this.norm1 = addChildBlock("norm1", new LastAxisNorm(channels));
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * channels).build());
        this.proj = addChildBlock("proj", Linear.builder().setUnits(channels).build());
        this.biasTable = addParameter(Parameter.builder().setName("relative_position_bias_table").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape((2L * window - 1) * (2L * window - 1), heads)).optInitializer(new NormalInitializer(0.02f)).build());
        this.norm2 = addChildBlock("norm2", new LastAxisNorm(channels));
        this.fc1 = addChildBlock("fc1", Linear.builder().setUnits(4L * channels).build());
        this.fc2 = addChildBlock("fc2", Linear.builder().setUnits(channels).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long b = x.getShape().get(0);
        long h = x.getShape().get(1);
        long w = x.getShape().get(2);
        int win = (int) Math.min(window, Math.min(h, w));
        int s = win < window ? 0 : shift;
        NDArray y = norm1.forward(ps, new NDList(x), training).singletonOrThrow();
        y = SwinWindows.roll(y, s);
        NDArray windows = SwinWindows.partition(y, win);
        long bw = windows.getShape().get(0);
        long n = (long) win * win;
        long d = channels / heads;
        NDArray qkvOut = qkv.forward(ps, new NDList(windows), training).singletonOrThrow().reshape(bw, n, 3, heads, d).transpose(2, 0, 3, 1, 4);
        NDArray q = qkvOut.get(0).mul(1.0 / Math.sqrt(d));
        NDArray k = qkvOut.get(1);
        NDArray v = qkvOut.get(2);
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)); // (bw, heads, n, n)
        attn = attn.add(bias(ps, x, training, win));
        if (s > 0) {
            long nw = (h / win) * (w / win);
            float[] flat = masks.computeIfAbsent(h + "x" + w + "/" + win + "/" + s, key -> SwinWindows.flatMask((int) h, (int) w, win, s));
            NDArray mask = x.getManager().create(flat, new Shape(nw, n, n)).toDevice(x.getDevice(), false);
            attn = attn.reshape(b, nw, heads, n, n).add(mask.reshape(1, nw, 1, n, n)).reshape(bw, heads, n, n);
        }
        NDArray out = attn.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(bw, n, channels);
        out = proj.forward(ps, new NDList(out), training).singletonOrThrow();
        out = SwinWindows.roll(SwinWindows.reverse(out, win, b, h, w), -s);
        NDArray z = x.add(out);
        NDArray m = fc1.forward(ps, norm2.forward(ps, new NDList(z), training), training).singletonOrThrow();
        m = fc2.forward(ps, new NDList(Activation.gelu(m)), training).singletonOrThrow();
        return new NDList(z.add(m));
    }

    /** The (heads, n, n) bias of the window's token pairs, gathered from the table by the relative position index. */
    private NDArray bias(ParameterStore ps, NDArray x, boolean training, int win) {
        NDArray table = ps.getValue(biasTable, x.getDevice(), training);
        long[] idx = indexes.computeIfAbsent(win, SwinWindows::flatIndex);
        long n = (long) win * win;
        NDArray gathered = table.get(x.getManager().create(idx).toDevice(x.getDevice(), false));
        return gathered.reshape(n, n, heads).transpose(2, 0, 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        norm1.initialize(manager, dataType, s);
        qkv.initialize(manager, dataType, new Shape(1, (long) window * window, channels));
        proj.initialize(manager, dataType, new Shape(1, (long) window * window, channels));
        norm2.initialize(manager, dataType, s);
        fc1.initialize(manager, dataType, s);
        fc2.initialize(manager, dataType, new Shape(s.get(0), s.get(1), s.get(2), 4L * channels));
    }
}
