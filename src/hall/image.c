/* Photo cleaning with libjpeg(-turbo), libpng and libexif; see image.h.
 *
 * Both decoders report fatal errors by calling a handler that must not return: libjpeg's
 * default one calls exit(), libpng's aborts. Here both longjmp back to the function that set
 * the jump, which lives in a small function of its own whose state is all behind one pointer
 * (the caller's struct), so nothing the longjmp skips over is left indeterminate.
 *
 * Memory stays small even for a 40-megapixel photo: JPEG is decoded at 1/2, 1/4 or 1/8 scale by
 * libjpeg itself when that still leaves at least IMAGE_LONG_EDGE pixels, and rows of either
 * format are averaged into the scaled-down picture as they arrive ("shrink"), so the full-size
 * picture is never held (except interlaced PNG, with its own lower limit). */
#include "hall/image.h"

#include <stdio.h> /* before jpeglib.h, which uses FILE */

#include <jpeglib.h>
#include <libexif/exif-data.h>
#include <png.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum image_kind image_detect(const void *data, size_t len)
{
    const unsigned char *p = data;
    if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return IMAGE_JPEG;
    if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return IMAGE_PNG;
    return IMAGE_UNKNOWN;
}

void image_fit(int w, int h, int edge, int *tw, int *th)
{
    *tw = w;
    *th = h;
    if (w <= edge && h <= edge)
        return;
    if (w >= h) {
        *tw = edge;
        *th = (int)(((int64_t)h * edge + w / 2) / w);
    } else {
        *th = edge;
        *tw = (int)(((int64_t)w * edge + h / 2) / h);
    }
    if (*tw < 1)
        *tw = 1;
    if (*th < 1)
        *th = 1;
}

/* ---- shrinking: every source pixel is added to the target pixel it falls in, and each target
 * pixel is the average of its block (a box filter: plain, but no aliasing stripes). ---- */

struct shrink {
    int w, h, tw, th;   /* source and target sizes */
    int y, ty;          /* next source row; the target row being gathered */
    uint32_t *acc;      /* sums of R, G, B per target column of row ty */
    uint32_t *cnt;      /* source pixels added per target column */
    unsigned char *out; /* tw × th RGB */
};

static bool shrink_init(struct shrink *s, int w, int h, int tw, int th)
{
    *s = (struct shrink){.w = w, .h = h, .tw = tw, .th = th};
    s->acc = calloc((size_t)tw * 3, sizeof *s->acc);
    s->cnt = calloc((size_t)tw, sizeof *s->cnt);
    s->out = calloc((size_t)tw * th, 3);
    return s->acc && s->cnt && s->out;
}

static void shrink_flush(struct shrink *s)
{
    unsigned char *o = s->out + (size_t)s->ty * s->tw * 3;
    for (int x = 0; x < s->tw; x++) {
        uint32_t n = s->cnt[x] ? s->cnt[x] : 1;
        for (int c = 0; c < 3; c++)
            o[x * 3 + c] = (unsigned char)((s->acc[x * 3 + c] + n / 2) / n);
    }
    memset(s->acc, 0, (size_t)s->tw * 3 * sizeof *s->acc);
    memset(s->cnt, 0, (size_t)s->tw * sizeof *s->cnt);
}

/* Adds the next source row (w RGB pixels). Extra rows beyond h are ignored. */
static void shrink_row(struct shrink *s, const unsigned char *row)
{
    if (s->y >= s->h)
        return;
    int ty = (int)((int64_t)s->y * s->th / s->h);
    if (ty != s->ty) {
        shrink_flush(s);
        s->ty = ty;
    }
    if (s->tw == s->w) {
        for (int x = 0; x < s->w; x++) {
            for (int c = 0; c < 3; c++)
                s->acc[x * 3 + c] += row[x * 3 + c];
            s->cnt[x]++;
        }
    } else {
        for (int x = 0; x < s->w; x++) {
            int tx = (int)((int64_t)x * s->tw / s->w);
            for (int c = 0; c < 3; c++)
                s->acc[tx * 3 + c] += row[x * 3 + c];
            s->cnt[tx]++;
        }
    }
    if (++s->y == s->h)
        shrink_flush(s);
}

static void shrink_free(struct shrink *s)
{
    free(s->acc);
    free(s->cnt);
    free(s->out);
    s->acc = s->cnt = NULL;
    s->out = NULL;
}

/* Takes the finished picture out of s (the caller frees it). */
static unsigned char *shrink_take(struct shrink *s)
{
    unsigned char *o = s->out;
    s->out = NULL;
    shrink_free(s);
    return o;
}

/* ---- orientation ---- */

void image_orient(const unsigned char *src, int w, int h, int orientation, unsigned char *dst,
                  int *ow, int *oh)
{
    bool swap = orientation >= 5 && orientation <= 8;
    *ow = swap ? h : w;
    *oh = swap ? w : h;
    for (int y = 0; y < *oh; y++) {
        for (int x = 0; x < *ow; x++) {
            int sx, sy; /* where output pixel (x, y) comes from */
            switch (orientation) {
            case 2: /* mirrored left-right */
                sx = w - 1 - x, sy = y;
                break;
            case 3: /* upside down */
                sx = w - 1 - x, sy = h - 1 - y;
                break;
            case 4: /* mirrored top-bottom */
                sx = x, sy = h - 1 - y;
                break;
            case 5: /* transposed */
                sx = y, sy = x;
                break;
            case 6: /* needs a quarter turn clockwise (a phone held upright) */
                sx = y, sy = h - 1 - x;
                break;
            case 7: /* transversed */
                sx = w - 1 - y, sy = h - 1 - x;
                break;
            case 8: /* needs a quarter turn anticlockwise */
                sx = w - 1 - y, sy = x;
                break;
            default:
                sx = x, sy = y;
                break;
            }
            memcpy(dst + ((size_t)y * *ow + x) * 3, src + ((size_t)sy * w + sx) * 3, 3);
        }
    }
}

int image_exif_orientation(const unsigned char *app1, size_t len)
{
    if (len < 6 || memcmp(app1, "Exif\0\0", 6) != 0 || len > 0xFFFF)
        return 1;
    ExifData *ed = exif_data_new();
    if (!ed)
        return 1;
    /* Only reading one tag: no "fixing" of the data to the specification is wanted. */
    exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_load_data(ed, app1, (unsigned int)len);
    int o = 1;
    ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->data && e->size >= 2) {
        int v = exif_get_short(e->data, exif_data_get_byte_order(ed));
        if (v >= 1 && v <= 8)
            o = v;
    }
    exif_data_unref(ed);
    return o;
}

/* ---- the decoded picture, scaled down, before orientation ---- */

struct decoded {
    const unsigned char *data; /* the upload */
    size_t len;
    uint64_t max_pixels;
    enum image_err err;  /* why decoding stopped */
    int orientation;     /* EXIF, 1 when none */
    struct shrink s;     /* the scaled-down picture being gathered */
    unsigned char *row;  /* one decoded row */
    unsigned char *full; /* interlaced PNG only: the whole picture */
};

/* ---- JPEG ---- */

struct jpeg_err {
    struct jpeg_error_mgr pub; /* must be first: libjpeg sees only this */
    jmp_buf jump;
};

static void jpeg_fail(j_common_ptr cinfo)
{
    longjmp(((struct jpeg_err *)cinfo->err)->jump, 1);
}

static void jpeg_quiet(j_common_ptr cinfo, int level)
{
    (void)cinfo, (void)level; /* warnings about corrupt data are not worth a log line */
}

static void jpeg_scan_limit(j_common_ptr cinfo)
{
    if (cinfo->is_decompressor && ((j_decompress_ptr)cinfo)->input_scan_number > IMAGE_MAX_SCANS)
        jpeg_fail(cinfo);
}

struct jpeg_dec {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_err err;
    struct jpeg_progress_mgr progress;
    struct decoded *d;
};

/* The first EXIF APP1 segment's orientation. */
static int jpeg_orientation(j_decompress_ptr cinfo)
{
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next)
        if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 &&
            memcmp(m->data, "Exif\0\0", 6) == 0)
            return image_exif_orientation(m->data, m->data_length);
    return 1;
}

static void jpeg_rows(struct jpeg_dec *j)
{
    JSAMPROW rows[1] = {j->d->row};
    while (j->cinfo.output_scanline < j->cinfo.output_height) {
        if (jpeg_read_scanlines(&j->cinfo, rows, 1) != 1)
            break; /* the data ran out: libjpeg warned; the rest stays grey */
        shrink_row(&j->d->s, j->d->row);
    }
}

static bool decode_jpeg(struct jpeg_dec *j)
{
    struct decoded *d = j->d;
    j->cinfo.err = jpeg_std_error(&j->err.pub);
    j->err.pub.error_exit = jpeg_fail;
    j->err.pub.emit_message = jpeg_quiet;
    d->err = IMAGE_NOT_IMAGE;
    if (setjmp(j->err.jump)) {
        jpeg_destroy_decompress(&j->cinfo);
        return false;
    }
    jpeg_create_decompress(&j->cinfo);
    j->progress.progress_monitor = jpeg_scan_limit;
    j->cinfo.progress = &j->progress;
    /* Coefficient buffers of progressive pictures; far above what 40 megapixels need. */
    j->cinfo.mem->max_memory_to_use = 512L << 20;
    jpeg_mem_src(&j->cinfo, d->data, (unsigned long)d->len);
    jpeg_save_markers(&j->cinfo, JPEG_APP0 + 1, 0xFFFF);
    if (jpeg_read_header(&j->cinfo, TRUE) != JPEG_HEADER_OK) {
        jpeg_destroy_decompress(&j->cinfo);
        return false;
    }
    uint64_t w = j->cinfo.image_width, h = j->cinfo.image_height;
    if (w == 0 || h == 0 || w * h > d->max_pixels) {
        d->err = w && h ? IMAGE_TOO_LARGE : IMAGE_NOT_IMAGE;
        jpeg_destroy_decompress(&j->cinfo);
        return false;
    }
    d->orientation = jpeg_orientation(&j->cinfo);
    j->cinfo.out_color_space = JCS_RGB; /* CMYK cannot become RGB: refused by libjpeg */
    uint64_t longer = w > h ? w : h;
    unsigned denom = 1;
    while (denom < 8 && longer / (denom * 2) >= IMAGE_LONG_EDGE)
        denom *= 2;
    j->cinfo.scale_num = 1;
    j->cinfo.scale_denom = denom;
    jpeg_start_decompress(&j->cinfo);
    int ow = (int)j->cinfo.output_width, oh = (int)j->cinfo.output_height;
    if (j->cinfo.output_components != 3 || ow < 1 || oh < 1)
        jpeg_fail((j_common_ptr)&j->cinfo);
    int tw, th;
    image_fit(ow, oh, IMAGE_LONG_EDGE, &tw, &th);
    d->row = malloc((size_t)ow * 3);
    if (!d->row || !shrink_init(&d->s, ow, oh, tw, th))
        jpeg_fail((j_common_ptr)&j->cinfo);
    jpeg_rows(j);
    /* Garbage after the picture is not worth refusing it for; jpeg_finish_decompress would read
     * on, so the picture is taken as it is. */
    jpeg_abort_decompress(&j->cinfo);
    jpeg_destroy_decompress(&j->cinfo);
    d->err = IMAGE_OK;
    return true;
}

/* ---- PNG ---- */

struct png_dec {
    png_structp png;
    png_infop info;
    size_t pos; /* next byte of d->data to read */
    struct decoded *d;
};

static void png_fail(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
    (void)png, (void)msg;
}

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
    struct png_dec *p = png_get_io_ptr(png);
    if (n > p->d->len - p->pos)
        png_error(png, "truncated");
    memcpy(out, p->d->data + p->pos, n);
    p->pos += n;
}

/* RGBA → RGB laid on white: transparent parts of a screenshot or a logo become white, not
 * black, as they look on the page. */
static void flatten_row(const unsigned char *rgba, unsigned char *rgb, int w)
{
    for (int x = 0; x < w; x++) {
        unsigned a = rgba[x * 4 + 3];
        for (int c = 0; c < 3; c++)
            rgb[x * 3 + c] = (unsigned char)((rgba[x * 4 + c] * a + 255 * (255 - a) + 127) / 255);
    }
}

/* Whether every chunk's length fits in the bytes there are. libpng allocates a chunk's buffer
 * from its declared length before reading it, so a 150-byte file claiming a 512 MB text chunk
 * would cost 512 MB; everything is in memory here, so nothing longer than the rest can be real. */
static bool png_chunks_fit(const unsigned char *data, size_t len)
{
    size_t i = 8;
    while (i + 12 <= len) {
        size_t n = (size_t)data[i] << 24 | (size_t)data[i + 1] << 16 | (size_t)data[i + 2] << 8 |
                   data[i + 3];
        if (n > len - i - 12)
            return false;
        if (memcmp(data + i + 4, "IEND", 4) == 0)
            return true;
        i += 12 + n;
    }
    return i == len; /* no IEND: libpng says whether the picture is complete */
}

static bool decode_png(struct png_dec *p)
{
    struct decoded *d = p->d;
    d->err = IMAGE_NOT_IMAGE;
    if (!png_chunks_fit(d->data, d->len))
        return false;
    p->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
    if (!p->png)
        return false;
    p->info = png_create_info_struct(p->png);
    if (!p->info || setjmp(png_jmpbuf(p->png))) {
        png_destroy_read_struct(&p->png, &p->info, NULL);
        return false;
    }
    png_set_read_fn(p->png, p, png_read_mem);
    /* Ancillary chunks (text, ICC, eXIf, ...) would be dropped anyway: libpng skips them
     * unread, so no compressed text can inflate into memory. Only PLTE and tRNS matter. */
    static const png_byte skip[] = "tEXt\0zTXt\0iTXt\0iCCP\0eXIf\0sPLT\0tIME\0pCAL\0sCAL\0"
                                   "hIST\0oFFs\0pHYs\0sBIT\0sRGB\0cHRM\0gAMA\0bKGD";
    png_set_keep_unknown_chunks(p->png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
    png_set_keep_unknown_chunks(p->png, PNG_HANDLE_CHUNK_NEVER, skip, (int)(sizeof skip / 5));
    png_set_chunk_cache_max(p->png, 64);
    png_set_chunk_malloc_max(p->png, 1 << 20);
    png_read_info(p->png, p->info);
    uint64_t w = png_get_image_width(p->png, p->info), h = png_get_image_height(p->png, p->info);
    int interlace = png_get_interlace_type(p->png, p->info);
    uint64_t limit = interlace != PNG_INTERLACE_NONE && d->max_pixels > IMAGE_MAX_INTERLACED
                         ? IMAGE_MAX_INTERLACED
                         : d->max_pixels;
    if (w == 0 || h == 0 || w * h > limit) {
        d->err = IMAGE_TOO_LARGE;
        png_destroy_read_struct(&p->png, &p->info, NULL);
        return false;
    }
    /* Every kind of PNG becomes 8-bit RGBA. */
    int type = png_get_color_type(p->png, p->info);
    png_set_expand(p->png); /* palette → RGB, low-bit grey → 8 bits, tRNS → alpha */
    png_set_strip_16(p->png);
    if (!(type & PNG_COLOR_MASK_COLOR))
        png_set_gray_to_rgb(p->png);
    if (!(type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(p->png, p->info, PNG_INFO_tRNS))
        png_set_filler(p->png, 0xFF, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(p->png);
    png_read_update_info(p->png, p->info);
    if (png_get_rowbytes(p->png, p->info) != w * 4)
        png_error(p->png, "unexpected row size");
    int tw, th;
    image_fit((int)w, (int)h, IMAGE_LONG_EDGE, &tw, &th);
    d->row = malloc((size_t)w * 4);
    if (!d->row || !shrink_init(&d->s, (int)w, (int)h, tw, th))
        png_error(p->png, "out of memory");
    if (passes > 1) {
        d->full = malloc((size_t)(w * h * 4));
        if (!d->full)
            png_error(p->png, "out of memory");
        for (int pass = 0; pass < passes; pass++)
            for (uint64_t y = 0; y < h; y++)
                png_read_row(p->png, d->full + y * w * 4, NULL);
        for (uint64_t y = 0; y < h; y++) {
            flatten_row(d->full + y * w * 4, d->row, (int)w);
            shrink_row(&d->s, d->row);
        }
    } else {
        for (uint64_t y = 0; y < h; y++) {
            png_read_row(p->png, d->row, NULL);
            flatten_row(d->row, d->row, (int)w); /* in place: each RGB lies before its RGBA */
            shrink_row(&d->s, d->row);
        }
    }
    png_destroy_read_struct(&p->png, &p->info, NULL);
    d->err = IMAGE_OK;
    return true;
}

/* ---- encoding ---- */

struct jpeg_enc {
    struct jpeg_compress_struct cinfo;
    struct jpeg_err err;
    const unsigned char *rgb;
    int w, h, quality;
    unsigned char *out;
    unsigned long len;
};

static void jpeg_write_rows(struct jpeg_enc *e)
{
    while (e->cinfo.next_scanline < e->cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(e->rgb + (size_t)e->cinfo.next_scanline * e->w * 3);
        jpeg_write_scanlines(&e->cinfo, &row, 1);
    }
}

/* A baseline JPEG with a plain JFIF header and nothing else: no EXIF, no comment. */
static bool encode_jpeg(struct jpeg_enc *e)
{
    e->cinfo.err = jpeg_std_error(&e->err.pub);
    e->err.pub.error_exit = jpeg_fail;
    e->err.pub.emit_message = jpeg_quiet;
    e->out = NULL;
    e->len = 0;
    if (setjmp(e->err.jump)) {
        jpeg_destroy_compress(&e->cinfo);
        free(e->out);
        e->out = NULL;
        return false;
    }
    jpeg_create_compress(&e->cinfo);
    jpeg_mem_dest(&e->cinfo, &e->out, &e->len);
    e->cinfo.image_width = (JDIMENSION)e->w;
    e->cinfo.image_height = (JDIMENSION)e->h;
    e->cinfo.input_components = 3;
    e->cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&e->cinfo);
    jpeg_set_quality(&e->cinfo, e->quality, TRUE);
    e->cinfo.optimize_coding = TRUE;
    jpeg_start_compress(&e->cinfo, TRUE);
    jpeg_write_rows(e);
    jpeg_finish_compress(&e->cinfo);
    jpeg_destroy_compress(&e->cinfo);
    return true;
}

static bool encode(const unsigned char *rgb, int w, int h, int quality, unsigned char **out,
                   size_t *len)
{
    struct jpeg_enc *e = calloc(1, sizeof *e);
    if (!e)
        return false;
    e->rgb = rgb, e->w = w, e->h = h, e->quality = quality;
    bool ok = encode_jpeg(e);
    *out = e->out;
    *len = e->len;
    free(e);
    return ok;
}

/* ---- all together ---- */

static bool decode(struct decoded *d, enum image_kind kind)
{
    if (kind == IMAGE_JPEG) {
        struct jpeg_dec *j = calloc(1, sizeof *j);
        if (!j)
            return false;
        j->d = d;
        bool ok = decode_jpeg(j);
        free(j);
        return ok;
    }
    struct png_dec *p = calloc(1, sizeof *p);
    if (!p)
        return false;
    p->d = d;
    bool ok = decode_png(p);
    free(p);
    return ok;
}

/* The upright picture and its thumbnail, from the scaled-down one in d. */
static enum image_err finish(struct decoded *d, struct image_out *out)
{
    int w = d->s.tw, h = d->s.th;
    unsigned char *small = shrink_take(&d->s);
    unsigned char *upright = small ? malloc((size_t)w * h * 3) : NULL;
    enum image_err err = IMAGE_NOT_IMAGE;
    if (!upright)
        goto done;
    image_orient(small, w, h, d->orientation, upright, &out->width, &out->height);
    if (!encode(upright, out->width, out->height, IMAGE_QUALITY, &out->jpeg, &out->jpeg_len))
        goto done;
    struct shrink t;
    image_fit(out->width, out->height, IMAGE_THUMB_EDGE, &out->thumb_width, &out->thumb_height);
    if (!shrink_init(&t, out->width, out->height, out->thumb_width, out->thumb_height)) {
        shrink_free(&t);
        goto done;
    }
    for (int y = 0; y < out->height; y++)
        shrink_row(&t, upright + (size_t)y * out->width * 3);
    bool ok = encode(t.out, out->thumb_width, out->thumb_height, IMAGE_THUMB_QUALITY, &out->thumb,
                     &out->thumb_len);
    shrink_free(&t);
    if (ok)
        err = IMAGE_OK;
done:
    free(small);
    free(upright);
    return err;
}

enum image_err image_clean_limited(const void *data, size_t len, uint64_t max_pixels,
                                   struct image_out *out)
{
    memset(out, 0, sizeof *out);
    if (len > IMAGE_MAX_BYTES)
        return IMAGE_TOO_LARGE;
    enum image_kind kind = image_detect(data, len);
    if (kind == IMAGE_UNKNOWN)
        return IMAGE_NOT_IMAGE;
    struct decoded d = {.data = data,
                        .len = len,
                        .max_pixels = max_pixels,
                        .err = IMAGE_NOT_IMAGE,
                        .orientation = 1};
    enum image_err err = decode(&d, kind) ? finish(&d, out) : d.err;
    shrink_free(&d.s);
    free(d.row);
    free(d.full);
    if (err != IMAGE_OK) {
        image_free(out);
        return err;
    }
    return IMAGE_OK;
}

enum image_err image_clean(const void *data, size_t len, struct image_out *out)
{
    return image_clean_limited(data, len, IMAGE_MAX_PIXELS, out);
}

void image_free(struct image_out *out)
{
    free(out->jpeg);
    free(out->thumb);
    memset(out, 0, sizeof *out);
}
