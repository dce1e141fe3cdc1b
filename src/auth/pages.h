/* Page and API handlers of the accounts area: login, logout, language, profile, invitation
 * codes, role management. */
#ifndef MULIN_AUTH_PAGES_H
#define MULIN_AUTH_PAGES_H

#include "http/req.h"

void login_page(struct req *r);
void login_post(struct req *r);
void logout_post(struct req *r);
void lang_post(struct req *r);
void profile_page(struct req *r);
void password_post(struct req *r);
void claim_page(struct req *r);
void claim_post(struct req *r);
void invitations_page(struct req *r);
void invitations_post(struct req *r);
void roles_page(struct req *r);
void roles_post(struct req *r);
void roles_revoke_post(struct req *r);

void session_api(struct req *r);
void session_delete_api(struct req *r);
void roles_api(struct req *r);
void roles_grant_api(struct req *r);
void roles_revoke_api(struct req *r);

#endif
