package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** LayerNorm over the last axis (channels of a (..., C) tensor), with a learned scale and shift. */
public final class LastAxisNorm extends AbstractBlock {
    private static final float EPS = 1e-6f;
    private final Parameter gamma;
    private final Parameter beta;

    public LastAxisNorm(int channels) {
        super((byte) 1);
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(new Shape(channels)).build());
        this.beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(new Shape(channels)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray var = centred.square().mean(new int[] {-1}, true);
        NDArray y = centred.div(var.add(EPS).sqrt());
        return new NDList(y.mul(ps.getValue(gamma, x.getDevice(), training)).add(ps.getValue(beta, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // parameters only
    }
}
