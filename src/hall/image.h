/* Cleaning a photo someone uploads, with no database: the bytes are recognised by their content
 * (JPEG or PNG; the file name and Content-Type are never trusted), checked against explicit
 * limits before anything big is allocated, decoded, turned upright by the EXIF orientation tag,
 * scaled down for old phones and slow connections, and encoded again as a baseline JPEG.
 * Re-encoding keeps nothing but the pixels: no EXIF (GPS position, phone model, time), no XMP,
 * no comments, no ICC profile. A second, small JPEG serves as the thumbnail.
 *
 * Orientation is read from JPEG's EXIF (APP1) only: PNG's rare eXIf chunk is skipped unread,
 * so such a PNG keeps the pixel order it was saved in. CMYK JPEGs are refused (libjpeg cannot
 * make RGB of them; phones do not write them). */
#ifndef MULIN_HALL_IMAGE_H
#define MULIN_HALL_IMAGE_H
#include <stddef.h>
#include <stdint.h>

/* The limits, all explicit. */
enum {
    IMAGE_MAX_BYTES = 8 << 20,       /* one uploaded file; the upload body limit too */
    IMAGE_MAX_PIXELS = 40000000,     /* width × height from the header, checked before decoding:
                                        a few KB can declare a gigapixel "decompression bomb" */
    IMAGE_MAX_INTERLACED = 16000000, /* interlaced PNG is decoded whole (4 bytes a pixel) */
    IMAGE_MAX_SCANS = 200,           /* progressive JPEG scans; thousands of tiny scans are an
                                        old way to make a decoder spin */
    IMAGE_LONG_EDGE = 1600,          /* the stored picture's longer side, at most, in pixels */
    IMAGE_THUMB_EDGE = 320,          /* the thumbnail's longer side, at most */
    IMAGE_QUALITY = 82,              /* JPEG quality of the stored picture */
    IMAGE_THUMB_QUALITY = 75,        /* and of the thumbnail */
};

enum image_kind { IMAGE_UNKNOWN, IMAGE_JPEG, IMAGE_PNG };

enum image_err {
    IMAGE_OK,
    IMAGE_NOT_IMAGE, /* not a JPEG or PNG, or one that cannot be decoded */
    IMAGE_TOO_LARGE, /* over IMAGE_MAX_BYTES, or too many pixels */
};

/* The cleaned picture and its thumbnail, both JPEG, in malloc'd buffers (image_free). */
struct image_out {
    unsigned char *jpeg;
    size_t jpeg_len;
    int width, height; /* upright */
    unsigned char *thumb;
    size_t thumb_len;
    int thumb_width, thumb_height;
};

/* What the first bytes say the data is. */
enum image_kind image_detect(const void *data, size_t len);

/* Cleans data (see the top of this file). On IMAGE_OK out holds two new JPEGs; otherwise out
 * is zeroed and nothing needs freeing. */
enum image_err image_clean(const void *data, size_t len, struct image_out *out);
/* The same with a lower pixel limit (the fuzzer uses it to stay fast). */
enum image_err image_clean_limited(const void *data, size_t len, uint64_t max_pixels,
                                   struct image_out *out);
void image_free(struct image_out *out);

/* The size of a w × h picture scaled so its longer side is at most edge (never enlarged, never
 * below 1 pixel). */
void image_fit(int w, int h, int edge, int *tw, int *th);

/* Writes src (w × h RGB) turned as EXIF orientation 1..8 asks into dst (same number of bytes);
 * *ow × *oh is the upright size (w and h swap for 5..8). Other values copy unchanged. */
void image_orient(const unsigned char *src, int w, int h, int orientation, unsigned char *dst,
                  int *ow, int *oh);

/* The EXIF orientation (1..8) in an APP1 payload ("Exif\0\0" + TIFF), or 1 when there is none
 * or it is not valid. */
int image_exif_orientation(const unsigned char *app1, size_t len);

#endif
