package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * ResNeXt-CC (Luo et al. 2024): a ResNeXt backbone down-sampling by strided convolutions with ECA
 * at each down-sampling, and the cross-layer feature fusion module (CFFM): the outputs of the first
 * and the last block of the final stage (Conv5_1, Conv5_3) each pass a 1x1 convolution, batch norm,
 * ReLU and a second 1x1 convolution (cross-channel mixing), are multiplied element-wise, globally
 * average-pooled, and classified.
 *
 * <p>Forward returns {@code (logits, pooled features)}; the features feed the center loss.
 * {@link #featureMap} and {@link #head} split the network where Grad-CAM needs it: the fused map.
 */
public final class ResNeXtCC extends AbstractBlock implements CellNetwork {
    private final ArchitectureSpec spec;
    private final int classes;
    private final Block stem;
    private final Block body;
    private final Block lastFirst;
    private final Block lastRest;
    private final Block fuseFirst;
    private final Block fuseLast;
    private final Linear classifier;
    private final Norm norm;

    public ResNeXtCC(ArchitectureSpec spec, int classes) {
        this(spec, classes, Norm.of(spec.groupNorm()));
    }

    /** With {@link Norm#FOLDED}: the inference copy {@link BatchNormFolding} fills from a trained network. */
    ResNeXtCC(ArchitectureSpec spec, int classes, Norm norm) {
        super((byte) 1);
        this.spec = spec;
        this.classes = classes;
        this.norm = norm;
        boolean big = spec.inputSize() >= 160;
        SequentialBlock s = new SequentialBlock();
        norm.convolve(s, spec.stem(), big ? 7 : 3, 2, 1).add(Activation::relu);
        if (big) {
            // the ImageNet stem's max-pool, as a strided convolution (the paper down-samples by convolution only)
            norm.convolve(s, spec.stem(), 3, 2, 1).add(Activation::relu);
        }
        this.stem = addChildBlock("stem", s);
        List<Integer> depths = spec.depths();
        List<Integer> widths = spec.widths();
        SequentialBlock b = new SequentialBlock();
        int in = spec.stem();
        int last = depths.size() - 1;
        Block first = null;
        SequentialBlock rest = new SequentialBlock();
        for (int stage = 0; stage < depths.size(); stage++) {
            int out = widths.get(stage);
            int mid = spec.cardinality() * spec.groupWidth() << stage;
            for (int i = 0; i < depths.get(stage); i++) {
                Bottleneck block = new Bottleneck(in, out, mid, spec.cardinality(), i == 0 && (stage > 0 || spec.downsampleFirst()) ? 2 : 1, spec.eca(),
                        norm);
                if (stage < last) {
                    b.add(block);
                } else if (i == 0) {
                    first = block;
                } else {
                    rest.add(block);
                }
                in = out;
            }
        }
        this.body = addChildBlock("body", b);
        this.lastFirst = addChildBlock("conv5_1", first);
        this.lastRest = addChildBlock("conv5_rest", rest);
        int c = widths.get(last);
        this.fuseFirst = spec.fusion() ? addChildBlock("cffm_first", fusionBranch(c, norm)) : null;
        this.fuseLast = spec.fusion() ? addChildBlock("cffm_last", fusionBranch(c, norm)) : null;
        this.classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).build());
    }

    private static Block fusionBranch(int channels, Norm norm) {
        return norm.convolve(new SequentialBlock(), channels, 1, 1, 1).add(Activation::relu)
                .add(ai.djl.nn.convolutional.Conv2d.builder().setFilters(channels).setKernelShape(new Shape(1, 1)).build());
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public boolean usesBatchNorm() {
        return norm == Norm.BATCH;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public Split split(ParameterStore ps, NDArray input, boolean training) {
        return new Split(featureMap(ps, input, training), m -> head(ps, m, training));
    }

    @Override
    public String mapDescription() {
        return spec.fusion() ? "ResNeXt-CC fused Conv5_1 \u00D7 Conv5_3 map" : "last convolutional stage";
    }

    /** Conv4, Conv3, Conv2 (the paper's names: Conv1 is the stem, Conv5 the last stage) for one, two, three stages back. */
    @Override
    public java.util.Optional<String> mapDescription(int stagesBack) {
        if (stagesBack == 0) {
            return java.util.Optional.of(mapDescription());
        }
        int stage = spec.depths().size() + 1 - stagesBack; // Conv2..Conv5 are the four stages
        if (stagesBack < 0 || stage < 2) {
            return java.util.Optional.empty();
        }
        String[] ordinals = {"second", "third", "fourth"};
        String name = stage <= 4 ? ordinals[stage - 2] + " stage" : "stage " + stage;
        return java.util.Optional.of(name + " (Conv" + stage + "), " + (1 << stagesBack) + "x the last map's resolution");
    }

    /** The output of the stage {@code stagesBack} before Conv5, with the stages after it, Conv5 and the fusion as the head. */
    @Override
    public java.util.Optional<Split> splitBack(ParameterStore ps, NDArray input, boolean training, int stagesBack) {
        if (stagesBack == 0) {
            return java.util.Optional.of(split(ps, input, training));
        }
        List<Integer> depths = spec.depths();
        int stages = depths.size() - 1 - (stagesBack - 1); // stages of the body before the cut
        if (stagesBack < 0 || stages < 1) {
            return java.util.Optional.empty();
        }
        int cut = depths.subList(0, stages).stream().mapToInt(Integer::intValue).sum();
        List<Block> blocks = body.getChildren().values();
        NDList x = stem.forward(ps, new NDList(input), training);
        for (int i = 0; i < cut; i++) {
            x = blocks.get(i).forward(ps, x, training);
        }
        return java.util.Optional.of(new Split(x.singletonOrThrow(), m -> {
            NDList y = new NDList(m);
            for (int i = cut; i < blocks.size(); i++) {
                y = blocks.get(i).forward(ps, y, training);
            }
            return head(ps, fuse(ps, y, training), training);
        }));
    }

    /** The last convolutional map: the fused Conv5_1 x Conv5_3 map with CFFM, Conv5_3 without. */
    public NDArray featureMap(ParameterStore ps, NDArray input, boolean training) {
        return fuse(ps, body.forward(ps, stem.forward(ps, new NDList(input), training), training), training);
    }

    /** Conv5 and the cross-layer fusion, from the fourth stage's output. */
    private NDArray fuse(ParameterStore ps, NDList x, boolean training) {
        NDList a = lastFirst.forward(ps, x, training);
        NDList z = lastRest.getChildren().isEmpty() ? a : lastRest.forward(ps, a, training);
        if (!spec.fusion()) {
            return z.singletonOrThrow();
        }
        NDArray fa = fuseFirst.forward(ps, a, training).singletonOrThrow();
        NDArray fb = fuseLast.forward(ps, z, training).singletonOrThrow();
        return fa.mul(fb);
    }

    /** From the feature map to {@code (logits, pooled features)}. */
    public NDList head(ParameterStore ps, NDArray map, boolean training) {
        NDArray pooled = map.mean(new int[] {3}).mean(new int[] {2});
        NDArray logits = classifier.forward(ps, new NDList(pooled), training).singletonOrThrow();
        return new NDList(logits, pooled);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList early = stem.forward(ps, new NDList(inputs.singletonOrThrow()), training);
        NDList late = body.forward(ps, early, training);
        NDList out = head(ps, fuse(ps, late, training), training);
        out.add(CellNetwork.style(early.singletonOrThrow()));
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, classes), new Shape(n, spec.widths().get(spec.widths().size() - 1)), new Shape(n, 2L * spec.stem())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        stem.initialize(manager, dataType, s);
        s = stem.getOutputShapes(new Shape[] {s})[0];
        body.initialize(manager, dataType, s);
        s = body.getOutputShapes(new Shape[] {s})[0];
        lastFirst.initialize(manager, dataType, s);
        s = lastFirst.getOutputShapes(new Shape[] {s})[0];
        if (!lastRest.getChildren().isEmpty()) {
            lastRest.initialize(manager, dataType, s);
        }
        if (fuseFirst != null) {
            fuseFirst.initialize(manager, dataType, s);
            fuseLast.initialize(manager, dataType, s);
        }
        classifier.initialize(manager, dataType, new Shape(s.get(0), s.get(1)));
    }
}
