package dev.fitkit.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import dev.fitkit.FitConfigurationException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Guards the first batch. DJL reports a network, loss or dataset that do not fit together with a
 * bare index or shape error deep in the engine; here those become errors that name the counts and
 * shapes involved and how to fix them. After one clean batch the guard is off.
 */
final class FirstBatchCheck {
  private boolean done;

  void batch(Trainer trainer, NDList data, NDList labels) {
    if (done) {
      return;
    }
    if (data.isEmpty()) {
      throw new FitConfigurationException(
          "The dataset's batches bring no data arrays, so the network has no input. Build the"
              + " dataset with data, e.g. new ArrayDataset.Builder().setData(x).optLabels(y).");
    }
    if (labels.isEmpty()) {
      throw new FitConfigurationException(
          "The dataset's batches bring no labels, but the loss "
              + trainer.getLoss().getName()
              + " compares the network's outputs with labels. Build the dataset with labels, e.g."
              + " new ArrayDataset.Builder().setData(x).optLabels(y).");
    }
  }

  NDList forward(NDList data, NDList labels, Supplier<NDList> forward) {
    if (done) {
      return forward.get();
    }
    try {
      return forward.get();
    } catch (RuntimeException e) {
      throw networkFailed(data, labels, e);
    }
  }

  /**
   * The error for a network that cannot take the first batch, whether it failed while its
   * parameters were shaped from the batch or in forward.
   */
  static FitConfigurationException networkFailed(NDList data, NDList labels, RuntimeException e) {
    return new FitConfigurationException(
        "The network failed on the first batch, which brings "
            + count(data, "data array")
            + " "
            + shapes(data)
            + " and "
            + count(labels, "label array")
            + " "
            + shapes(labels)
            + ": "
            + e.getMessage()
            + ". The network takes the batch's data arrays as its inputs: make the dataset yield"
            + " the inputs the network's forward expects (their number and shapes).",
        e);
  }

  NDArray loss(Trainer trainer, NDList labels, NDList predictions, Supplier<NDArray> loss) {
    if (done) {
      return loss.get();
    }
    try {
      NDArray value = loss.get();
      LabelCheck.labelsFitLoss(trainer.getLoss(), labels, predictions);
      return value;
    } catch (FitConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new FitConfigurationException(
          "The loss "
              + trainer.getLoss().getName()
              + " failed on the network's "
              + count(predictions, "output")
              + " "
              + shapes(predictions)
              + " and the batch's "
              + count(labels, "label array")
              + " "
              + shapes(labels)
              + ": "
              + e.getMessage()
              + ". DJL's losses compare one output with one label array: use a network with as"
              + " many outputs as the loss takes, or a BatchProcessor that maps several outputs"
              + " to their losses.",
          e);
    }
  }

  void passed() {
    done = true;
  }

  private static String shapes(NDList list) {
    return Arrays.toString(list.getShapes());
  }

  private static String count(NDList list, String noun) {
    return list.size() + " " + noun + (list.size() == 1 ? "" : "s");
  }
}
