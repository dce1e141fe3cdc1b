/* The photo cleaner (src/hall/image.c) on pictures made here with libjpeg and libpng: the EXIF
 * orientation turns the picture upright, nothing of the EXIF survives, bombs and garbage are
 * refused, PNG transparency is laid on white, big pictures are scaled down. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jpeglib.h>
#include <png.h>

#include "hall/image.h"

struct bytes {
    unsigned char *p;
    size_t n;
};

/* A w × h JPEG whose left half is red and right half blue. */
static struct bytes make_jpeg(int w, int h)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned char *out = NULL;
    unsigned long len = 0;
    jpeg_mem_dest(&c, &out, &len);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 95, TRUE);
    jpeg_start_compress(&c, TRUE);
    unsigned char *row = malloc((size_t)w * 3);
    for (int x = 0; x < w; x++) {
        row[x * 3] = x < w / 2 ? 255 : 0;
        row[x * 3 + 1] = 0;
        row[x * 3 + 2] = x < w / 2 ? 0 : 255;
    }
    while (c.next_scanline < c.image_height)
        jpeg_write_scanlines(&c, &row, 1);
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(row);
    return (struct bytes){out, len};
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned v)
{
    put16(p, v & 0xFFFF), put16(p + 2, v >> 16);
}

/* "Exif\0\0" and a little-endian TIFF: IFD0 with Orientation, Model "SpyPhone" and a GPS IFD
 * holding GPSLatitudeRef "N". Returns its length. */
static size_t make_exif(unsigned char *e, unsigned orientation)
{
    memset(e, 0, 128);
    memcpy(e, "Exif\0\0II*\0", 10);
    unsigned char *t = e + 6; /* offsets count from the TIFF header */
    put32(t + 4, 8);
    put16(t + 8, 3); /* IFD0: 3 entries at 10, 22, 34; next IFD at 46 */
    put16(t + 10, 0x0110), put16(t + 12, 2), put32(t + 14, 9), put32(t + 18, 68); /* Model */
    put16(t + 22, 0x0112), put16(t + 24, 3), put32(t + 26, 1), put16(t + 30, orientation);
    put16(t + 34, 0x8825), put16(t + 36, 4), put32(t + 38, 1), put32(t + 42, 50); /* GPS IFD */
    put32(t + 46, 0);
    put16(t + 50, 1); /* GPS IFD: 1 entry */
    put16(t + 52, 0x0001), put16(t + 54, 2), put32(t + 56, 2), memcpy(t + 60, "N", 2);
    put32(t + 64, 0);
    memcpy(t + 68, "SpyPhone", 9);
    return 6 + 77;
}

/* jpeg with an APP1 segment holding exif put right after SOI. */
static struct bytes with_app1(struct bytes jpeg, const unsigned char *exif, size_t n)
{
    struct bytes b = {malloc(jpeg.n + n + 4), jpeg.n + n + 4};
    memcpy(b.p, jpeg.p, 2);
    b.p[2] = 0xFF, b.p[3] = 0xE1, b.p[4] = (unsigned char)((n + 2) >> 8);
    b.p[5] = (unsigned char)(n + 2);
    memcpy(b.p + 6, exif, n);
    memcpy(b.p + 6 + n, jpeg.p + 2, jpeg.n - 2);
    free(jpeg.p);
    return b;
}

/* Decodes a JPEG into RGB; sets *w, *h. */
static unsigned char *decode(const struct bytes *b, int *w, int *h)
{
    struct jpeg_decompress_struct d;
    struct jpeg_error_mgr err;
    d.err = jpeg_std_error(&err);
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, b->p, (unsigned long)b->n);
    jpeg_read_header(&d, TRUE);
    d.out_color_space = JCS_RGB;
    jpeg_start_decompress(&d);
    *w = (int)d.output_width, *h = (int)d.output_height;
    unsigned char *rgb = malloc((size_t)*w * *h * 3);
    while (d.output_scanline < d.output_height) {
        unsigned char *row = rgb + (size_t)d.output_scanline * *w * 3;
        jpeg_read_scanlines(&d, &row, 1);
    }
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    return rgb;
}

static bool has(const unsigned char *p, size_t n, const void *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(p + i, needle, m) == 0)
            return true;
    return false;
}

/* A JPEG's segments before the scan hold no APP1..APP15 and no comment. */
static void assert_no_metadata(const unsigned char *p, size_t n)
{
    assert_true(n > 4 && p[0] == 0xFF && p[1] == 0xD8);
    size_t i = 2;
    while (i + 4 <= n && p[i] == 0xFF && p[i + 1] != 0xDA) {
        unsigned m = p[i + 1];
        assert_false(m >= 0xE1 && m <= 0xEF);
        assert_int_not_equal(m, 0xFE);
        i += 2 + ((size_t)p[i + 2] << 8 | p[i + 3]);
    }
    assert_false(has(p, n, "Exif", 4));
    assert_false(has(p, n, "SpyPhone", 8));
}

static void test_orientation_6_turns_upright(void **state)
{
    (void)state;
    unsigned char exif[128];
    size_t n = make_exif(exif, 6);
    struct bytes in = with_app1(make_jpeg(64, 32), exif, n);
    assert_true(has(in.p, in.n, "SpyPhone", 8));
    struct image_out out;
    assert_int_equal(image_clean(in.p, in.n, &out), IMAGE_OK);
    assert_int_equal(out.width, 32);
    assert_int_equal(out.height, 64);
    assert_no_metadata(out.jpeg, out.jpeg_len);
    assert_no_metadata(out.thumb, out.thumb_len);
    int w, h;
    struct bytes got = {out.jpeg, out.jpeg_len};
    unsigned char *rgb = decode(&got, &w, &h);
    assert_int_equal(w, 32);
    assert_int_equal(h, 64);
    /* A quarter turn clockwise puts the red left half on top, the blue one below. */
    const unsigned char *top = rgb + ((size_t)8 * w + 16) * 3;
    const unsigned char *bottom = rgb + ((size_t)56 * w + 16) * 3;
    assert_true(top[0] > 200 && top[2] < 60);
    assert_true(bottom[2] > 200 && bottom[0] < 60);
    free(rgb);
    image_free(&out);
    free(in.p);
}

static void test_orientation_values(void **state)
{
    (void)state;
    /* 3 × 2: pixels numbered 0..5 in their red byte. */
    unsigned char src[18] = {0}, dst[18];
    for (int i = 0; i < 6; i++)
        src[i * 3] = (unsigned char)i;
    int w, h;
    image_orient(src, 3, 2, 1, dst, &w, &h);
    assert_memory_equal(src, dst, 18);
    image_orient(src, 3, 2, 6, dst, &w, &h); /* 0 1 2 / 3 4 5 → 3 0 / 4 1 / 5 2 */
    assert_int_equal(w, 2);
    assert_int_equal(h, 3);
    const unsigned char cw[6] = {3, 0, 4, 1, 5, 2};
    for (int i = 0; i < 6; i++)
        assert_int_equal(dst[i * 3], cw[i]);
    image_orient(src, 3, 2, 8, dst, &w, &h); /* → 2 5 / 1 4 / 0 3 */
    const unsigned char ccw[6] = {2, 5, 1, 4, 0, 3};
    for (int i = 0; i < 6; i++)
        assert_int_equal(dst[i * 3], ccw[i]);
    image_orient(src, 3, 2, 3, dst, &w, &h); /* → 5 4 3 / 2 1 0 */
    for (int i = 0; i < 6; i++)
        assert_int_equal(dst[i * 3], 5 - i);
    unsigned char exif[128];
    assert_int_equal(image_exif_orientation(exif, make_exif(exif, 8)), 8);
    assert_int_equal(image_exif_orientation(exif, make_exif(exif, 9)), 1); /* not valid */
    assert_int_equal(image_exif_orientation((const unsigned char *)"Exif\0\0II", 8), 1);
}

static void test_jpeg_bomb_refused_from_header(void **state)
{
    (void)state;
    struct bytes in = make_jpeg(16, 16);
    size_t i = 2;
    while (i + 9 < in.n && !(in.p[i] == 0xFF && in.p[i + 1] == 0xC0))
        i++;
    assert_true(i + 9 < in.n);
    /* SOF0: length(2) precision(1) height(2) width(2): claim 60000 × 60000. */
    in.p[i + 5] = 0xEA, in.p[i + 6] = 0x60, in.p[i + 7] = 0xEA, in.p[i + 8] = 0x60;
    struct image_out out;
    assert_int_equal(image_clean(in.p, in.n, &out), IMAGE_TOO_LARGE);
    assert_null(out.jpeg);
    free(in.p);
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void test_png_bomb_refused_from_header(void **state)
{
    (void)state;
    /* Signature, an IHDR of 100000 × 100000 RGBA with a right CRC, and the start of an IDAT
     * (libpng reads the header chunks up to it); no pixel data at all. */
    unsigned char png[8 + 25 + 14] = "\x89PNG\r\n\x1a\n";
    unsigned char *c = png + 8;
    memcpy(c, "\0\0\0\x0dIHDR\0\x01\x86\xa0\0\x01\x86\xa0\x08\x06\0\0\0", 21);
    uint32_t crc = crc32_of(c + 4, 17);
    c[21] = (unsigned char)(crc >> 24), c[22] = (unsigned char)(crc >> 16);
    c[23] = (unsigned char)(crc >> 8), c[24] = (unsigned char)crc;
    memcpy(c + 25, "\0\0\0\x02IDAT\x78\x9c\0\0\0\0", 14);
    struct image_out out;
    assert_int_equal(image_clean(png, sizeof png, &out), IMAGE_TOO_LARGE);
}

static void test_garbage_refused(void **state)
{
    (void)state;
    struct image_out out;
    const char *text = "just some text, named photo.jpg\n";
    assert_int_equal(image_detect(text, strlen(text)), IMAGE_UNKNOWN);
    assert_int_equal(image_clean(text, strlen(text), &out), IMAGE_NOT_IMAGE);
    assert_int_equal(image_clean("", 0, &out), IMAGE_NOT_IMAGE);
    /* A JPEG and a PNG cut short after their signatures. */
    assert_int_equal(image_clean("\xFF\xD8\xFF\xE0\0\x10JFIF", 10, &out), IMAGE_NOT_IMAGE);
    assert_int_equal(image_clean("\x89PNG\r\n\x1a\n\0\0", 10, &out), IMAGE_NOT_IMAGE);
    /* A real JPEG with its middle overwritten still decodes or is refused, never crashes. */
    struct bytes in = make_jpeg(40, 40);
    memset(in.p + in.n / 2, 0x5A, in.n / 4);
    enum image_err e = image_clean(in.p, in.n, &out);
    assert_true(e == IMAGE_OK || e == IMAGE_NOT_IMAGE);
    image_free(&out);
    free(in.p);
    assert_int_equal(image_clean(text, (size_t)IMAGE_MAX_BYTES + 1, &out), IMAGE_TOO_LARGE);
}

static void png_write_mem(png_structp png, png_bytep data, size_t n)
{
    struct bytes *b = png_get_io_ptr(png);
    b->p = realloc(b->p, b->n + n);
    memcpy(b->p + b->n, data, n);
    b->n += n;
}

static void png_flush_mem(png_structp png)
{
    (void)png;
}

/* A w × h RGBA PNG: fully transparent on the left half, opaque green on the right. */
static struct bytes make_png(int w, int h)
{
    struct bytes b = {NULL, 0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    png_set_write_fn(png, &b, png_write_mem, png_flush_mem);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    unsigned char *row = calloc((size_t)w, 4);
    for (int x = w / 2; x < w; x++)
        row[x * 4 + 1] = 200, row[x * 4 + 3] = 255;
    for (int y = 0; y < h; y++)
        png_write_row(png, row);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    return b;
}

static void test_png_lying_chunk_length(void **state)
{
    (void)state;
    /* A small PNG with a text chunk claiming 512 MB right after IHDR (the fuzzer found that
     * libpng allocates what a chunk claims before reading it): refused, nothing allocated. */
    struct bytes in = make_png(4, 4);
    struct bytes bad = {malloc(in.n + 12), in.n + 12};
    memcpy(bad.p, in.p, 33);
    memcpy(bad.p + 33, "\x20\0\0\x0etEXtComment\0", 16);
    memcpy(bad.p + 49, in.p + 33, in.n - 37);
    struct image_out out;
    assert_int_equal(image_clean(bad.p, bad.n, &out), IMAGE_NOT_IMAGE);
    assert_int_equal(image_clean(in.p, in.n, &out), IMAGE_OK);
    image_free(&out);
    free(in.p);
    free(bad.p);
}

static void test_png_alpha_on_white(void **state)
{
    (void)state;
    struct bytes in = make_png(40, 20);
    struct image_out out;
    assert_int_equal(image_clean(in.p, in.n, &out), IMAGE_OK);
    assert_int_equal(out.width, 40);
    assert_int_equal(out.height, 20);
    int w, h;
    struct bytes got = {out.jpeg, out.jpeg_len};
    unsigned char *rgb = decode(&got, &w, &h);
    const unsigned char *left = rgb + ((size_t)10 * w + 5) * 3;
    const unsigned char *right = rgb + ((size_t)10 * w + 35) * 3;
    assert_true(left[0] > 240 && left[1] > 240 && left[2] > 240); /* white, not black */
    assert_true(right[1] > 170 && right[0] < 60);
    free(rgb);
    image_free(&out);
    free(in.p);
}

static void test_large_scaled_down_with_thumbnail(void **state)
{
    (void)state;
    struct bytes in = make_jpeg(4000, 1000);
    struct image_out out;
    assert_int_equal(image_clean(in.p, in.n, &out), IMAGE_OK);
    assert_int_equal(out.width, IMAGE_LONG_EDGE);
    assert_int_equal(out.height, 400);
    assert_int_equal(out.thumb_width, IMAGE_THUMB_EDGE);
    assert_int_equal(out.thumb_height, 80);
    assert_true(out.thumb_len < out.jpeg_len);
    int w, h;
    struct bytes got = {out.thumb, out.thumb_len};
    free(decode(&got, &w, &h));
    assert_int_equal(w, IMAGE_THUMB_EDGE);
    assert_int_equal(h, 80);
    image_free(&out);
    free(in.p);
    int tw, th;
    image_fit(100, 50, 320, &tw, &th); /* never enlarged */
    assert_int_equal(tw, 100);
    assert_int_equal(th, 50);
    image_fit(10000, 1, 1600, &tw, &th); /* never below one pixel */
    assert_int_equal(th, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orientation_6_turns_upright),
        cmocka_unit_test(test_orientation_values),
        cmocka_unit_test(test_jpeg_bomb_refused_from_header),
        cmocka_unit_test(test_png_bomb_refused_from_header),
        cmocka_unit_test(test_garbage_refused),
        cmocka_unit_test(test_png_lying_chunk_length),
        cmocka_unit_test(test_png_alpha_on_white),
        cmocka_unit_test(test_large_scaled_down_with_thumbnail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
