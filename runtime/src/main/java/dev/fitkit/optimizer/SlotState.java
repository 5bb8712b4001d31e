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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Per-parameter optimizer state: a step count and named arrays ("slots", e.g. Adam's mean and
 * variance) for each parameter on each device. DJL's parameter server updates every device's copy
 * separately, so each copy has its own state.
 *
 * <p>Saved layout: the format (2), the slot count and each slot name (UTF), the entry count, then
 * per entry the parameter name, device type and id, step count, and each slot as its length and
 * {@link NDArray#encode()} bytes.
 */
final class SlotState {
  private static final int FORMAT = 2;

  private final List<String> slotNames;

  // By parameter id, then one entry per device: a step finds its state without building a key,
  // and on one device scans an array of one.
  private final Map<String, Entry[]> entries = new LinkedHashMap<>();

  SlotState(List<String> slotNames) {
    this.slotNames = List.copyOf(slotNames);
  }

  /** Counts one more update of {@code weight} and returns its state; slots start at zero. */
  Entry next(String parameterId, NDArray weight) {
    Device device = weight.getDevice();
    Entry[] copies = entries.get(parameterId);
    Entry entry = copies == null ? null : on(copies, device);
    if (entry == null) {
      NDArray[] slots = new NDArray[slotNames.size()];
      for (int i = 0; i < slots.length; i++) {
        slots[i] = weight.zerosLike();
      }
      entry = new Entry(parameterId, device, slots);
      add(entry);
    }
    entry.steps++;
    return entry;
  }

  private static Entry on(Entry[] copies, Device device) {
    for (Entry copy : copies) {
      if (copy.device.equals(device)) {
        return copy;
      }
    }
    return null;
  }

  private void add(Entry entry) {
    Entry[] copies = entries.getOrDefault(entry.parameterId, new Entry[0]);
    copies = Arrays.copyOf(copies, copies.length + 1);
    copies[copies.length - 1] = entry;
    entries.put(entry.parameterId, copies);
  }

  byte[] save(UnaryOperator<String> nameOf) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeInt(slotNames.size());
      for (String name : slotNames) {
        out.writeUTF(name);
      }
      out.writeInt(entries.values().stream().mapToInt(copies -> copies.length).sum());
      for (Entry[] copies : entries.values()) {
        for (Entry entry : copies) {
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
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  void load(byte[] saved, NDManager manager, UnaryOperator<String> idOf) {
    entries.values().forEach(copies -> Arrays.stream(copies).forEach(Entry::close));
    entries.clear();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "The saved optimizer state is in format "
                + format
                + ", which this version of fitkit does not read (it reads format "
                + FORMAT
                + ")");
      }
      readNames(in);
      for (int count = in.readInt(), i = 0; i < count; i++) {
        String parameterId = idOf.apply(in.readUTF());
        Device device = Device.of(in.readUTF(), in.readInt());
        Entry entry = new Entry(parameterId, device, new NDArray[slotNames.size()]);
        entry.steps = in.readInt();
        for (int slot = 0; slot < entry.slots.length; slot++) {
          NDArray decoded = manager.decode(in.readNBytes(in.readInt()));
          entry.slots[slot] = decoded.toDevice(device, false);
          if (entry.slots[slot] != decoded) {
            decoded.close();
          }
        }
        add(entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readNames(DataInputStream in) throws IOException {
    List<String> names = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      names.add(in.readUTF());
    }
    if (!names.equals(slotNames)) {
      throw new IllegalArgumentException(
          "The saved optimizer state is of another optimizer: it holds slots "
              + names
              + "; this optimizer's slots are "
              + slotNames);
    }
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
