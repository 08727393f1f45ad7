package io.sparkformers.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spark's GPU address for a task → the CUDA device ONNX Runtime opens, given CUDA_VISIBLE_DEVICES. */
class DeviceMappingTest {
    @Test
    void aListedAddressRunsOnItsPositionInCudaVisibleDevices() {
        assertEquals(0, Device.ortDeviceId("2", "2,3"));
        assertEquals(1, Device.ortDeviceId("3", "2,3"));
        assertEquals(1, Device.ortDeviceId("3", " 2, 3 "));
        assertEquals(2, Device.ortDeviceId("0", "5,7,0"));
        assertEquals(1, Device.ortDeviceId("GPU-b2c4", "GPU-a1f0,GPU-b2c4"), "discovery scripts may report UUIDs");
    }

    @Test
    void withoutTheVariableTheAddressIsTheDevice() {
        assertEquals(3, Device.ortDeviceId("3", null));
        assertEquals(1, Device.ortDeviceId("1", ""));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Device.ortDeviceId("GPU-a1f0", null));
        assertTrue(e.getMessage().contains("GPU-a1f0"), e.getMessage());
    }

    @Test
    void oneVisibleDeviceOrNoAssignmentIsDeviceZero() {
        assertEquals(0, Device.ortDeviceId("6", "6"));
        assertEquals(0, Device.ortDeviceId("1", "4"), "a single visible device is device 0 whatever Spark calls it");
        assertEquals(0, Device.ortDeviceId(null, "2,3"));
        assertEquals(0, Device.ortDeviceId(null, null));
    }

    @Test
    void anUnlistedAddressAmongSeveralDevicesIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Device.ortDeviceId("1", "2,3"));
        assertTrue(
                e.getMessage().contains("'1'") && e.getMessage().contains("CUDA_VISIBLE_DEVICES=2,3"), e.getMessage());
    }
}
