package dev.fitkit.event;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The part of a batch that ran on one device, and what the network and loss made of it. The arrays
 * belong to the batch and are closed with it: copy what you keep.
 *
 * @param device where this slice ran
 * @param size how many samples it holds
 * @param data the network's inputs
 * @param labels the labels
 * @param predictions the network's outputs
 * @param loss the loss value (a scalar for DJL's losses)
 */
public record DeviceSlice(
    Device device, int size, NDList data, NDList labels, NDList predictions, NDArray loss) {}
