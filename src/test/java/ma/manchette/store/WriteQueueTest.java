package ma.manchette.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import ma.manchette.model.Item;
import ma.manchette.store.WriteQueue.Amend;
import ma.manchette.store.WriteQueue.Insert;
import ma.manchette.store.WriteQueue.Op;
import ma.manchette.store.WriteQueue.Primed;
import ma.manchette.store.WriteQueue.Update;
import ma.manchette.store.WriteQueue.Validators;
import ma.manchette.support.TestItems;
import org.junit.jupiter.api.Test;

/**
 * ItemWriter's merge rules: a change to an item whose write is still queued joins that write, else
 * follows it.
 */
class WriteQueueTest {
  private static Item item(long id, String title) {
    return TestItems.item(id, "hespress", "k" + id, title, null);
  }

  private static Item only(Op op) {
    return op instanceof Insert i ? i.item : op instanceof Amend a ? a.item : ((Update) op).item();
  }

  @Test
  void anUpdateOfAQueuedInsertIsFoldedIntoItAndKeepsItsStoryAndPicture() {
    WriteQueue q = new WriteQueue();
    q.insert(item(1, "Le budget voté").withStory("s1").withImage("https://img.ma/1.jpg"), true);
    assertThat(q.update(item(1, "Le budget adopté"))).isFalse(); // nothing more to write
    assertThat(q.size()).isEqualTo(1);
    Insert insert = (Insert) q.nextBatch(10).get(0);
    assertThat(insert.live).isTrue();
    assertThat(insert.item.title()).isEqualTo("Le budget adopté");
    assertThat(insert.item.story()).isEqualTo("s1");
    assertThat(insert.item.image()).isEqualTo("https://img.ma/1.jpg");
  }

  @Test
  void anUpdateCarryingItsOwnStoryWinsOverTheQueuedOne() {
    WriteQueue q = new WriteQueue();
    q.insert(item(1, "un").withStory("old"), false);
    q.update(item(1, "un bis").withStory("new"));
    Insert insert = (Insert) q.nextBatch(10).get(0);
    assertThat(insert.item.story()).isEqualTo("new");
    assertThat(insert.live).isFalse();
  }

  @Test
  void anAmendmentOfAQueuedInsertSetsWhatItFoundAndLeavesTheRest() {
    WriteQueue q = new WriteQueue();
    q.insert(item(1, "un").withImage("https://img.ma/a.jpg"), true);
    assertThat(q.amend(item(1, "ignored").withStory("s7"))).isFalse();
    assertThat(q.amend(item(1, "ignored").withImage("https://img.ma/b.jpg"))).isFalse();
    assertThat(q.size()).isEqualTo(1);
    Item written = only(q.nextBatch(10).get(0));
    assertThat(written.title()).isEqualTo("un"); // an amendment never touches the text
    assertThat(written.story()).isEqualTo("s7");
    assertThat(written.image()).isEqualTo("https://img.ma/b.jpg");
  }

  @Test
  void onceItsInsertIsInABatchAChangeIsAWriteOfItsOwnAfterIt() {
    WriteQueue q = new WriteQueue();
    q.insert(item(1, "un"), true);
    List<Op> inFlight = q.nextBatch(10);
    assertThat(q.update(item(1, "un corrigé"))).isTrue();
    assertThat(q.update(item(1, "un corrigé deux fois")))
        .isTrue(); // updates are not folded into each other
    assertThat(q.amend(item(1, "un").withStory("s1"))).isTrue();
    assertThat(q.size()).isEqualTo(4);
    assertThat(only(inFlight.get(0)).title())
        .isEqualTo("un"); // the batch already taken is left as it was

    q.committed(inFlight.size());
    List<Op> next = q.nextBatch(10);
    assertThat(next).hasSize(3);
    assertThat(next.get(0)).isInstanceOf(Update.class);
    assertThat(only(next.get(0)).title()).isEqualTo("un corrigé");
    assertThat(only(next.get(1)).title()).isEqualTo("un corrigé deux fois");
    assertThat(next.get(2)).isInstanceOf(Amend.class);
  }

  @Test
  void aQueuedAmendmentTakesLaterAmendmentsUntilItLeaves() {
    WriteQueue q = new WriteQueue();
    assertThat(q.amend(item(1, "un").withStory("s1"))).isTrue();
    assertThat(q.amend(item(1, "un").withImage("https://img.ma/1.jpg")))
        .isFalse(); // the story found earlier is kept
    assertThat(q.amend(item(1, "un").withStory("s2")))
        .isFalse(); // a newer story replaces it, the picture stays
    List<Op> batch = q.nextBatch(10);
    assertThat(batch).hasSize(1);
    Item amended = only(batch.get(0));
    assertThat(amended.story()).isEqualTo("s2");
    assertThat(amended.image()).isEqualTo("https://img.ma/1.jpg");

    assertThat(q.amend(item(1, "un").withStory("s3")))
        .isTrue(); // the first one is in flight: a second amendment
    assertThat(q.size()).isEqualTo(2);
  }

  @Test
  void changesToOtherItemsNeverMerge() {
    WriteQueue q = new WriteQueue();
    q.insert(item(1, "un"), true);
    assertThat(q.update(item(2, "deux"))).isTrue();
    assertThat(q.amend(item(3, "trois").withStory("s"))).isTrue();
    assertThat(q.nextBatch(10)).hasSize(3);
  }

  @Test
  void batchesKeepTheQueueOrderAreBoundedAndAFailedOneIsOfferedAgain() {
    WriteQueue q = new WriteQueue();
    q.insert(item(1, "un"), false);
    q.insert(item(2, "deux"), false);
    q.add(new Primed("hespress")); // after its first items, never before
    q.add(new Validators("hespress", "\"e1\"", null, "h1", null)); // after the items of that body
    List<Op> first = q.nextBatch(3);
    assertThat(first).hasSize(3);
    assertThat(first.get(0)).isInstanceOf(Insert.class);
    assertThat(first.get(2)).isInstanceOf(Primed.class);

    // the transaction failed: nothing was committed, the same ops come back first, in order
    List<Op> retry = q.nextBatch(10);
    assertThat(retry).hasSize(4).startsWith(first.toArray(new Op[0]));
    assertThat(retry.get(3)).isInstanceOf(Validators.class);
    q.committed(retry.size());
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void keepAmendmentsFillsOnlyWhatTheNewerLacks() {
    Item older = item(1, "old").withStory("s-old").withImage("i-old");
    assertThat(WriteQueue.keepAmendments(item(1, "new"), older))
        .extracting(Item::title, Item::story, Item::image)
        .containsExactly("new", "s-old", "i-old");
    assertThat(WriteQueue.keepAmendments(item(1, "new").withStory("s-new"), older))
        .extracting(Item::story, Item::image)
        .containsExactly("s-new", "i-old");
    assertThat(WriteQueue.keepAmendments(item(1, "new"), item(1, "old")))
        .extracting(Item::story, Item::image)
        .containsExactly(null, null);
  }
}
