package io.layerloom.app.designer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import java.util.Map;
import java.util.Optional;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

/** Run > Threads: stored where the window's preferences live, checked, capped by OMP_NUM_THREADS, read when a run starts. */
class ThreadsViewModelTest {

    @Test
    void theDefaultIsEveryFreeCoreAndAChoiceIsStored() {
        ThreadsViewModel.Store store = ThreadsViewModel.Store.inMemory();
        double[] load = {0.2};
        ThreadsViewModel threads = new ThreadsViewModel(store, Map.of(), 4, () -> load[0]);
        assertEquals(ThreadChoice.FREE_CORES, threads.settingProperty().get());
        assertEquals(new ThreadChoice(4, "every core"), threads.choice());
        load[0] = 2.5;
        assertEquals(2, threads.choice().threads(), "the load average when the run starts counts");

        threads.settingProperty().set(3);
        assertEquals(3, store.load());
        assertEquals(new ThreadChoice(3, "the threads setting"), threads.choice());
        assertEquals(3, new ThreadsViewModel(store, Map.of(), 4, () -> 0).settingProperty().get(), "kept for the next start");
    }

    @Test
    void valuesOutsideNoneToTheCoresAreRefused() {
        ThreadsViewModel.Store store = ThreadsViewModel.Store.inMemory();
        ThreadsViewModel threads = new ThreadsViewModel(store, Map.of(), 2, () -> 0);
        threads.settingProperty().set(2);
        threads.settingProperty().set(5);
        threads.settingProperty().set(-1);
        assertEquals(2, threads.settingProperty().get());
        assertEquals(2, store.load());
        store.store(9); // written by a machine with more cores
        assertEquals(ThreadChoice.FREE_CORES, new ThreadsViewModel(store, Map.of(), 2, () -> 0).settingProperty().get());
    }

    @Test
    void ompNumThreadsCapsTheSetting() {
        ThreadsViewModel threads = new ThreadsViewModel(ThreadsViewModel.Store.inMemory(), Map.of("OMP_NUM_THREADS", "1"), 2, () -> 0);
        assertEquals(Optional.of("OMP_NUM_THREADS=1"), threads.environmentOverride());
        threads.settingProperty().set(2);
        assertEquals(new ThreadChoice(1, "OMP_NUM_THREADS=1, which caps the threads setting 2"), threads.choice());
        assertEquals(Optional.empty(), new ThreadsViewModel(ThreadsViewModel.Store.inMemory(), Map.of("OMP_NUM_THREADS", "x"), 2,
                () -> 0).environmentOverride());
    }

    @Test
    void thePreferencesStoreKeepsItBesideTheTheme() throws Exception {
        Preferences node = Preferences.userRoot().node("io/layerloom/designer-test-threads");
        try {
            ThreadsViewModel.Store store = ThreadsViewModel.Store.preferences(node);
            assertEquals(ThreadChoice.FREE_CORES, store.load());
            store.store(1);
            assertEquals(1, node.getInt(ThreadsViewModel.KEY, -5));
        } finally {
            node.removeNode();
        }
    }

    @Test
    void theDefaultFollowsTheNetworkAndTheOpenGraphIsShownWithItsReason() {
        ThreadsViewModel threads = new ThreadsViewModel(ThreadsViewModel.Store.inMemory(), Map.of(), 2, () -> 0.1);
        NetworkWork lenet = new NetworkWork("LeNet-5", 416_520, 64, NetworkWork.Pass.TRAINING);
        NetworkWork resnet = new NetworkWork("CIFAR ResNet", 105_743_616, 64, NetworkWork.Pass.TRAINING);
        assertEquals(1, threads.choice(lenet).threads());
        assertEquals(2, threads.choice(resnet).threads());
        assertEquals(Optional.empty(), threads.forOpenGraph(), "no graph followed yet");

        NetworkWork[] open = {lenet};
        threads.follow(() -> Optional.of(open[0]));
        assertEquals(Optional.of(threads.choice(lenet)), threads.forOpenGraph());
        open[0] = resnet;
        assertEquals(2, threads.forOpenGraph().orElseThrow().threads(), "asked again each time");

        threads.settingProperty().set(2);
        assertEquals(new ThreadChoice(2, "the threads setting"), threads.choice(lenet), "a chosen number wins over the network");
    }
}
