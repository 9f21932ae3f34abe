package ma.manchette.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The perceptual hash recognises a picture re-encoded at another size and tells different pictures
 * apart.
 */
class ImageHashTest {
  private static byte[] fixture(String name) throws IOException {
    return Files.readAllBytes(Path.of("src/test/resources/fixtures/images", name));
  }

  @Test
  void resizedJpegCopyIsTheSamePicture() throws Exception {
    long original = ImageHash.dhash(fixture("picture-original.png"));
    long copy = ImageHash.dhash(fixture("picture-resized-copy.jpg"));
    assertThat(ImageHash.distance(original, copy)).isLessThanOrEqualTo(ImageHash.MATCH_DISTANCE);
  }

  @Test
  void anotherPictureIsNotAMatch() throws Exception {
    long original = ImageHash.dhash(fixture("picture-original.png"));
    long other = ImageHash.dhash(fixture("other-picture.png"));
    assertThat(ImageHash.distance(original, other)).isGreaterThan(ImageHash.MATCH_DISTANCE);
  }

  @Test
  void bytesThatAreNotAnImageAreRefused() {
    assertThatThrownBy(
            () -> ImageHash.dhash("<html>not an image</html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
