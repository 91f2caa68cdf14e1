package org.hemareview.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComputeDeviceTest {
    @TempDir
    Path dir;

    private Path libtorch(String name, boolean cuda) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.createFile(d.resolve(System.mapLibraryName("torch")));
        if (cuda) {
            Files.createFile(d.resolve(System.mapLibraryName("torch_cuda")));
        }
        return d;
    }

    @Test
    void bundledNativesDecideWhenNoLibraryPathIsSet() {
        assertEquals(ComputeDevice.Kind.GPU, ComputeDevice.decide("auto", "pytorch-native-cu124", null, true).kind());
        assertEquals(ComputeDevice.Kind.CPU, ComputeDevice.decide("auto", "pytorch-native-cu124", null, false).kind());
        ComputeDevice cpuBuild = ComputeDevice.decide("gpu", "pytorch-native-cpu", null, true);
        assertEquals(ComputeDevice.Kind.CPU, cpuBuild.kind());
        assertTrue(cpuBuild.reason().startsWith("GPU requested but CPU build"), cpuBuild.reason());
    }

    @Test
    void aCudaLibtorchOnTheLibraryPathCountsAsCudaNatives() throws IOException {
        Path cuda = libtorch("cuda", true);
        Path cpu = libtorch("cpu", false);
        ComputeDevice onGpu = ComputeDevice.decide("auto", "pytorch-native-cpu", cuda.toString(), true);
        assertEquals(ComputeDevice.Kind.GPU, onGpu.kind());
        assertTrue(onGpu.reason().contains("PYTORCH_LIBRARY_PATH"), onGpu.reason());
        ComputeDevice cpuOnly = ComputeDevice.decide("gpu", "pytorch-native-cpu", cpu.toString(), true);
        assertEquals(ComputeDevice.Kind.CPU, cpuOnly.kind());
        assertEquals("GPU requested but PYTORCH_LIBRARY_PATH holds no CUDA libtorch", cpuOnly.reason());
        // DJL takes the first folder that holds libtorch; so does the decision
        assertFalse(ComputeDevice.hasCudaLibtorch(cpu + File.pathSeparator + cuda));
        assertTrue(ComputeDevice.hasCudaLibtorch(dir.resolve("absent") + File.pathSeparator + cuda));
        // an external CPU libtorch overrides even a CUDA build's own natives, as it does in DJL
        assertEquals(ComputeDevice.Kind.CPU, ComputeDevice.decide("auto", "pytorch-native-cu124", cpu.toString(), true).kind());
    }

    @Test
    void forcingCpuWinsOverEverything() throws IOException {
        ComputeDevice d = ComputeDevice.decide("CPU", "pytorch-native-cu124", libtorch("c", true).toString(), true);
        assertEquals(ComputeDevice.Kind.CPU, d.kind());
        assertEquals("forced by setting", d.reason());
    }
}
