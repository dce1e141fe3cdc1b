/* libFuzzer target for src/hall/image.c: any bytes at all, as an upload could be. Beyond "no
 * crash, no leak, no exit()", it checks the promises photo.c relies on: a cleaned picture is a
 * JPEG within the size limits, with a thumbnail no larger, and carries no EXIF. A lower pixel
 * limit than the server's keeps each run fast; the code paths are the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hall/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct image_out out;
    enum image_err e = image_clean_limited(data, size, 4000000, &out);
    if (e != IMAGE_OK) {
        if (out.jpeg || out.thumb)
            abort();
        return 0;
    }
    if (image_detect(out.jpeg, out.jpeg_len) != IMAGE_JPEG ||
        image_detect(out.thumb, out.thumb_len) != IMAGE_JPEG)
        abort();
    if (out.width < 1 || out.height < 1 || out.width > IMAGE_LONG_EDGE ||
        out.height > IMAGE_LONG_EDGE || out.thumb_width > IMAGE_THUMB_EDGE ||
        out.thumb_height > IMAGE_THUMB_EDGE || out.thumb_width > out.width ||
        out.thumb_height > out.height)
        abort();
    if (memmem(out.jpeg, out.jpeg_len, "Exif", 4))
        abort();
    image_free(&out);
    return 0;
}
