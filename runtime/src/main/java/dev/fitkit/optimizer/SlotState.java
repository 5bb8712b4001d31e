package dev.fitkit.optimizer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Per-parameter optimizer state: a step count and named arrays ("slots", e.g. Adam's mean and
 * variance) for each parameter on each device. DJL's parameter server updates every device's copy
 * separately, so each copy has its own state.
 */
final class SlotState {
  private final List<String> slotNames;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  SlotState(List<String> slotNames) {
    this.slotNames = List.copyOf(slotNames);
  }

  /** Counts one more update of {@code weight} and returns its state; slots start at zero. */
  Entry next(String parameterId, NDArray weight) {
    Device device = weight.getDevice();
    Entry entry =
        entries.computeIfAbsent(
            key(parameterId, device),
            k -> {
              NDArray[] slots = new NDArray[slotNames.size()];
              for (int i = 0; i < slots.length; i++) {
                slots[i] = weight.zerosLike();
              }
              return new Entry(parameterId, device, slots);
            });
    entry.steps++;
    return entry;
  }

  byte[] save(UnaryOperator<String> nameOf) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(entries.size());
      out.writeInt(slotNames.size());
      for (Entry entry : entries.values()) {
        out.writeUTF(nameOf.apply(entry.parameterId));
        out.writeUTF(entry.device.getDeviceType());
        out.writeInt(entry.device.getDeviceId());
        out.writeInt(entry.steps);
        for (NDArray slot : entry.slots) {
          byte[] encoded = slot.encode();
          out.writeInt(encoded.length);
          out.write(encoded);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  void load(byte[] saved, NDManager manager, UnaryOperator<String> idOf) {
    entries.values().forEach(Entry::close);
    entries.clear();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      int count = in.readInt();
      if (in.readInt() != slotNames.size()) {
        throw new IllegalArgumentException(
            "The saved optimizer state is of another optimizer: expected slots " + slotNames);
      }
      for (int i = 0; i < count; i++) {
        String parameterId = idOf.apply(in.readUTF());
        Device device = Device.of(in.readUTF(), in.readInt());
        Entry entry = new Entry(parameterId, device, new NDArray[slotNames.size()]);
        entry.steps = in.readInt();
        for (int s = 0; s < entry.slots.length; s++) {
          NDArray decoded = manager.decode(in.readNBytes(in.readInt()));
          entry.slots[s] = decoded.toDevice(device, false);
          if (entry.slots[s] != decoded) {
            decoded.close();
          }
        }
        entries.put(key(parameterId, device), entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String key(String parameterId, Device device) {
    return parameterId + "@" + device;
  }

  /** The state of one parameter copy. */
  static final class Entry {
    final String parameterId;
    final Device device;
    final NDArray[] slots;
    int steps;

    private Entry(String parameterId, Device device, NDArray[] slots) {
      this.parameterId = parameterId;
      this.device = device;
      this.slots = slots;
    }

    private void close() {
      for (NDArray slot : slots) {
        slot.close();
      }
    }
  }
}
