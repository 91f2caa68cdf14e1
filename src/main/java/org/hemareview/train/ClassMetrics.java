package org.hemareview.train;

/** One class's scores, one-vs-rest. */
public record ClassMetrics(String name, int support, double precision, double recall, double f1, double specificity, double auroc) {
}
