package org.hemareview.model;

import java.util.List;
import java.util.Locale;

/**
 * A ResNeXt-CC variant: stage depths and widths, cardinality and width per group, input size,
 * and the two ablation switches of the paper (ECA at down-sampling, cross-layer fusion).
 *
 * @param name          as written in manifests: resnext-cc-slim, resnext-cc-full, resnext-slim, ...
 * @param stem          channels of the stem convolution
 * @param depths        bottleneck blocks per stage
 * @param widths        output channels per stage
 * @param cardinality   groups of the 3x3 convolution
 * @param groupWidth    channels per group in the bottleneck (ResNeXt-50 32x4d: 4 at the first stage, doubling)
 * @param inputSize     square input side in pixels
 * @param eca           ECA after every down-sampling block
 * @param fusion        CFFM: fuse the first and last block of the final stage
 * @param mpm           crops pass the multi-scale preprocessing module before encoding (an ablation; the
 *                      paper's ResNeXt-CC does not use it)
 * @param downsampleFirst the first stage also down-samples (stride 2), as the reference route's net
 *                      does; false for the paper's layout (ResNet stage 2 keeps the stem's resolution)
 * @param groupNorm     group norm in place of every batch norm (normalised per crop, no running statistics
 *                      of the training labs); false in manifests written before it existed
 */
public record ArchitectureSpec(String name, int stem, List<Integer> depths, List<Integer> widths, int cardinality, int groupWidth,
                               int inputSize, boolean eca, boolean fusion, boolean downsampleFirst, boolean mpm, boolean groupNorm) implements NetworkSpec {

    /** The paper's network: ResNeXt-50 32x4d, 3/4/6/3 blocks, 256..2048 channels, 224 px. For GPUs. */
    public static ArchitectureSpec full() {
        return new ArchitectureSpec("resnext-cc-full", 64, List.of(3, 4, 6, 3), List.of(256, 512, 1024, 2048), 32, 4, 224, true, true, false, false, false);
    }

    /**
     * The CPU default: the same block structure, four stages of 1/1/2/2 blocks, 32-256 channels,
     * 8 groups, 96-px input, ~0.5 M parameters. Unlike the paper's layout the first stage
     * down-samples too (as the reference route's net does): 2.2x the throughput on 2 cores at
     * the same input size (docs/benchmarks.md). Models trained before carry downsampleFirst=false
     * in their manifest and load unchanged.
     */
    public static ArchitectureSpec slim() {
        return new ArchitectureSpec("resnext-cc-slim", 24, List.of(1, 1, 2, 2), List.of(32, 64, 128, 256), 8, 2, 96, true, true, true, false, false);
    }

    /** Looks up an architecture by name; "resnext-*" without "-cc" drops ECA and fusion (the ablation baseline). */
    public static ArchitectureSpec named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        ArchitectureSpec base = n.endsWith("full") ? full() : n.endsWith("slim") ? slim() : null;
        if (base == null || !(n.startsWith("resnext-cc-") || n.startsWith("resnext-"))) {
            throw new IllegalArgumentException("unknown architecture '" + name + "' (known: resnext-cc-slim, resnext-cc-full, resnext-slim, resnext-full)");
        }
        boolean cc = n.startsWith("resnext-cc-");
        return new ArchitectureSpec(n, base.stem, base.depths, base.widths, base.cardinality, base.groupWidth, base.inputSize, cc, cc, base.downsampleFirst, false, false);
    }

    @Override
    public int featureDim() {
        return widths.get(widths.size() - 1);
    }

    @Override
    public boolean usesMpm() {
        return mpm;
    }

    public ArchitectureSpec withMpm(boolean on) {
        return new ArchitectureSpec(name, stem, depths, widths, cardinality, groupWidth, inputSize, eca, fusion, downsampleFirst, on, groupNorm);
    }

    public ArchitectureSpec withGroupNorm(boolean on) {
        return new ArchitectureSpec(name, stem, depths, widths, cardinality, groupWidth, inputSize, eca, fusion, downsampleFirst, mpm, on);
    }

    @Override
    public CellNetwork build(int classes) {
        return new ResNeXtCC(this, classes);
    }

    @Override
    public String describe() {
        return "ResNeXt-CC (Luo et al., Sci Rep 2024) as built by HemaReview: architecture `" + name + "`" + (eca ? ", ECA at each down-sampling" : "")
                + (fusion ? ", CFFM fusion" : "") + (mpm ? ", MPM preprocessing" : "")
                + (groupNorm ? ", group norm (8 groups) in place of batch norm" : "");
    }

    @Override
    public ArchitectureSpec withInputSize(int size) {
        return new ArchitectureSpec(name, stem, depths, widths, cardinality, groupWidth, size, eca, fusion, downsampleFirst, mpm, groupNorm);
    }
}
