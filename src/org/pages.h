/* Page and API handlers of the territory area: home, nodes, rosters, people, import. */
#ifndef MULIN_ORG_PAGES_H
#define MULIN_ORG_PAGES_H

#include "http/req.h"

void home_page(struct req *r);
void nodes_index_page(struct req *r);
void node_page(struct req *r);
void node_people_page(struct req *r);
void person_page(struct req *r);
void import_page(struct req *r);
void import_post(struct req *r);

void me_api(struct req *r);
void nodes_api(struct req *r);
void node_api(struct req *r);
void node_children_api(struct req *r);
void node_people_api(struct req *r);
void node_events_api(struct req *r);

#endif
