package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A small U-Net that maps a smear (RGB at 0.45 µm/px) to a cell-centre map: near 1 at the
 * middle of each white cell, falling to 0 at its border and beyond. Two touching cells give two
 * peaks with a valley between them, which is what splitting a merged nucleus group needs and
 * what colour thresholds on nuclei cannot see. Three poolings: the receptive field (~70 px,
 * ~30 µm) covers a cell and its neighbour. Input (B, 3, H, W) with H, W multiples of 8; output
 * (B, 1, H, W) logits.
 */
public final class CentreNet extends AbstractBlock {
    /** Input resolution, µm per pixel. */
    public static final double UM_PER_PX = 0.45;
    private final Block enc0;
    private final Block enc1;
    private final Block enc2;
    private final Block bottom;
    private final Block dec2;
    private final Block dec1;
    private final Block dec0;
    private final Block head;

    private final int width;

    /** @param width channels of the first level (doubling down to 4x) */
    public CentreNet(int width) {
        this(width, Norm.BATCH);
    }

    /**
     * @param norm batch norm, or {@link Norm#FOLDED}: the inference copy that
     *             {@link BatchNormFolding#fold(CentreNet, NDManager)} fills from a trained network
     */
    CentreNet(int width, Norm norm) {
        super((byte) 1);
        this.width = width;
        enc0 = addChildBlock("enc0", convs(width, norm));
        enc1 = addChildBlock("enc1", convs(2 * width, norm));
        enc2 = addChildBlock("enc2", convs(4 * width, norm));
        bottom = addChildBlock("bottom", convs(4 * width, norm));
        dec2 = addChildBlock("dec2", convs(2 * width, norm));
        dec1 = addChildBlock("dec1", convs(width, norm));
        dec0 = addChildBlock("dec0", convs(width, norm));
        head = addChildBlock("head", Conv2d.builder().setFilters(1).setKernelShape(new Shape(1, 1)).build());
    }

    /** Channels of the first level. */
    int width() {
        return width;
    }

    private static Block convs(int channels, Norm norm) {
        SequentialBlock b = new SequentialBlock();
        for (int i = 0; i < 2; i++) {
            norm.convolve(b, channels, 3, 1, 1).add(Activation::relu);
        }
        return b;
    }

    private static NDArray pool(NDArray x) {
        return ai.djl.nn.pooling.Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    private static NDArray up(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
        return b.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x0 = run(enc0, ps, inputs.singletonOrThrow(), training);
        NDArray x1 = run(enc1, ps, pool(x0), training);
        NDArray x2 = run(enc2, ps, pool(x1), training);
        NDArray b = run(bottom, ps, pool(x2), training);
        NDArray y2 = run(dec2, ps, NDArrays.concat(new NDList(up(b), x2), 1), training);
        NDArray y1 = run(dec1, ps, NDArrays.concat(new NDList(up(y2), x1), 1), training);
        NDArray y0 = run(dec0, ps, NDArrays.concat(new NDList(up(y1), x0), 1), training);
        return new NDList(run(head, ps, y0, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 1, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        Shape s0 = enc0.getOutputShapes(new Shape[] {s})[0];
        enc0.initialize(manager, dataType, s);
        Shape p0 = new Shape(n, s0.get(1), h / 2, w / 2);
        enc1.initialize(manager, dataType, p0);
        Shape s1 = enc1.getOutputShapes(new Shape[] {p0})[0];
        Shape p1 = new Shape(n, s1.get(1), h / 4, w / 4);
        enc2.initialize(manager, dataType, p1);
        Shape s2 = enc2.getOutputShapes(new Shape[] {p1})[0];
        Shape p2 = new Shape(n, s2.get(1), h / 8, w / 8);
        bottom.initialize(manager, dataType, p2);
        long cb = bottom.getOutputShapes(new Shape[] {p2})[0].get(1);
        Shape d2 = new Shape(n, cb + s2.get(1), h / 4, w / 4);
        dec2.initialize(manager, dataType, d2);
        long c2 = dec2.getOutputShapes(new Shape[] {d2})[0].get(1);
        Shape d1 = new Shape(n, c2 + s1.get(1), h / 2, w / 2);
        dec1.initialize(manager, dataType, d1);
        long c1 = dec1.getOutputShapes(new Shape[] {d1})[0].get(1);
        Shape d0 = new Shape(n, c1 + s0.get(1), h, w);
        dec0.initialize(manager, dataType, d0);
        long c0 = dec0.getOutputShapes(new Shape[] {d0})[0].get(1);
        head.initialize(manager, dataType, new Shape(n, c0, h, w));
    }
}
