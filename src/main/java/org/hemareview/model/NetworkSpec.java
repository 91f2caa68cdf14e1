package org.hemareview.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Locale;

/**
 * A network family's settings as written in a manifest's {@code architecture}: ResNeXt-CC
 * ({@link ArchitectureSpec}) or the dual-path ConvNeXt + Swin network ({@link DualPathSpec}).
 * Which one a manifest holds is deduced from its fields, so older manifests read unchanged.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(ArchitectureSpec.class), @JsonSubTypes.Type(DualPathSpec.class)})
public sealed interface NetworkSpec permits ArchitectureSpec, DualPathSpec {
    String name();

    int inputSize();

    /** Length of the pooled feature vector the center loss sees. */
    int featureDim();

    NetworkSpec withInputSize(int size);

    /** Whether crops pass the multi-scale preprocessing module before encoding. */
    boolean usesMpm();

    CellNetwork build(int classes);

    /** One line for model cards and the UI. */
    String describe();

    /** resnext-cc-slim, resnext-cc-full, resnext-slim, resnext-full, dualpath-slim, dualpath-base. */
    static NetworkSpec named(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("dualpath") ? DualPathSpec.named(name) : ArchitectureSpec.named(name);
    }
}
