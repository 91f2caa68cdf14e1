package org.hemareview.classify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Which device inference will run on, decided without starting the deep-learning engine (which
 * takes seconds): GPU only when the build carries CUDA natives ({@code mvn -Pgpu}) and an NVIDIA
 * device is present, unless forced with {@code -Dhemareview.device=cpu|gpu}.
 */
public record ComputeDevice(Kind kind, String reason) {
    public enum Kind { CPU, GPU }

    public static ComputeDevice detect() {
        String forced = System.getProperty("hemareview.device", "auto").toLowerCase(Locale.ROOT);
        boolean cudaNatives = nativesArtifact().contains("cu");
        boolean gpuPresent = Files.exists(Path.of("/dev/nvidia0")) || Files.exists(Path.of("/proc/driver/nvidia/version"));
        if (forced.equals("cpu")) {
            return new ComputeDevice(Kind.CPU, "forced by setting");
        }
        if (cudaNatives && gpuPresent) {
            return new ComputeDevice(Kind.GPU, "CUDA natives and an NVIDIA GPU found");
        }
        String why = !cudaNatives ? "CPU build (use the gpu profile for CUDA)" : "no NVIDIA GPU found";
        return new ComputeDevice(Kind.CPU, forced.equals("gpu") ? "GPU requested but " + why : why);
    }

    public String label() {
        return kind == Kind.GPU ? "GPU (CUDA)" : "CPU";
    }

    static String nativesArtifact() {
        try (InputStream in = ComputeDevice.class.getResourceAsStream("/hemareview-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("natives", "pytorch-native-cpu");
        } catch (IOException e) {
            return "pytorch-native-cpu";
        }
    }
}
