package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Efficient channel attention (Wang et al. 2020), as ResNeXt-CC puts it at every down-sampling:
 * global average pooling, a 1-D convolution across channels with kernel
 * k = nearest odd of |log2(C)/gamma + b/gamma| (gamma = 2, b = 1), a sigmoid, and a channel-wise
 * product with the input.
 */
public final class EcaBlock extends AbstractBlock {
    private final int channels;
    private final int kernel;
    private final Conv1d conv;

    public EcaBlock(int channels) {
        super((byte) 1);
        this.channels = channels;
        this.kernel = kernelSize(channels, 2, 1);
        this.conv = addChildBlock("conv", Conv1d.builder().setKernelShape(new Shape(kernel)).setFilters(1)
                .optPadding(new Shape(kernel / 2)).optBias(false).build());
    }

    /** k = |log2(C)/gamma + b/gamma|, made odd (the paper's t, rounded to the nearest odd number). */
    public static int kernelSize(int channels, double gamma, double b) {
        int t = (int) Math.abs(Math.log(channels) / Math.log(2) / gamma + b / gamma);
        return t % 2 == 1 ? t : t + 1;
    }

    public int kernel() {
        return kernel;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long n = x.getShape().get(0);
        // mean over H then W: the PyTorch engine reduces one axis at a time
        NDArray pooled = x.mean(new int[] {3}).mean(new int[] {2}).reshape(n, 1, channels);
        NDArray weights = Activation.sigmoid(conv.forward(ps, new NDList(pooled), training).singletonOrThrow());
        return new NDList(x.mul(weights.reshape(n, channels, 1, 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, new Shape(inputShapes[0].get(0), 1, channels));
    }
}
